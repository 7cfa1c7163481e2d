"""gunicorn's settings for the shop, read from the working directory by `gunicorn wsgi:app`.

The application is imported once, in the master, before the workers are forked
(`preload_app`): its modules, templates and SQLAlchemy mappings are then pages the workers
share with the master until one of them writes there, instead of one copy per worker.
`gc.freeze()` moves everything loaded so far out of the garbage collector's reach, so that
the collections in the workers do not write to (and so copy) those pages. What a worker weighs
is printed by the benchmarks (`bench/`): RSS counts the shared pages in every worker, PSS
shares them out, USS is what the worker alone holds.

No connection made in the master may be used by a worker: the database engines are told to
forget their pools after the fork (redis-py's pool notices the new process by itself).
"""

import gc

preload_app = True


def when_ready(server):
    """After the application is loaded, before the first fork: the mapped classes are
    configured here once (SQLAlchemy would do it on each worker's first query, about 2 MiB
    that every worker would then hold on its own), then frozen with the rest."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    gc.freeze()


def post_fork(server, worker):
    """In each new worker: drop the database connections inherited from the master (without
    closing them under the master's feet)."""
    from shop.extensions import db
    from wsgi import app  # already imported by the master

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
