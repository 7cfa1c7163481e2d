"""The RQ side of the job system: push to Redis, and the worker's entry point."""

import logging

from flask import current_app, has_app_context
from redis import Redis
from rq import Queue, SimpleWorker

logger = logging.getLogger(__name__)


def get_queue() -> Queue:
    """The shop's RQ queue on the Redis at REDIS_URL (one connection per app)."""
    app = current_app._get_current_object()
    redis = app.extensions.get("shop_jobs_redis")
    if redis is None:
        redis = app.extensions["shop_jobs_redis"] = Redis.from_url(app.config["REDIS_URL"])
    return Queue(app.config.get("JOBS_QUEUE_NAME", "shop"), connection=redis)


def push(path: str, args: list, kwargs: dict) -> None:
    """Put a task call on the queue; the worker runs it in `run_queued`."""
    get_queue().enqueue(run_queued, path, args, kwargs, result_ttl=0)


def run_queued(path: str, args: list, kwargs: dict) -> None:
    """Worker side: run one task in a fresh app context and commit; failures become retries."""
    from shop.jobs.services import run_isolated

    if not has_app_context():
        raise RuntimeError("Run the worker with `flask jobs worker` (it needs the app).")
    with current_app.app_context():
        if run_isolated(path, args, kwargs):
            logger.info("Job %s done", path)


def work(burst: bool = False) -> None:
    """Process queued jobs in this process (no fork: the app and its pool stay valid)."""
    queue = get_queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
