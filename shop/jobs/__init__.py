"""Deferred work: `enqueue` now (inline or RQ), `schedule` for later (`flask jobs run-due`)."""

from shop.jobs.services import enqueue, run_due, schedule

__all__ = ["enqueue", "run_due", "schedule"]
