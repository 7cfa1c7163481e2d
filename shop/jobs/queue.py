"""The RQ side of the job system: push committed job ids to Redis, and the worker."""

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


def push(job_ids: list[int]) -> None:
    """Put committed job rows on the queue, by id; the worker claims each in `run_queued`."""
    queue = get_queue()
    for job_id in job_ids:
        queue.enqueue(run_queued, job_id, result_ttl=0, failure_ttl=0)


def run_queued(job_id: int) -> None:
    """Worker side: claim and run one job row (nothing happens if another took it)."""
    from shop.jobs.services import run_job

    if not has_app_context():
        raise RuntimeError("Run the worker with `flask jobs worker` (it needs the app).")
    with current_app.app_context():
        status = run_job(job_id)
        logger.info("Job %s: %s", job_id, status or "already taken")


def work(burst: bool = False) -> None:
    """Process queued jobs in this process (no fork: the app and its pool stay valid)."""
    queue = get_queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
