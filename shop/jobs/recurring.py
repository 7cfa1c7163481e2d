"""Recurring jobs: each configured task has exactly one row per occurrence.

`JOBS_RECURRING` maps a task path to its daily time in the shop's time zone ("03:00").
`flask jobs run-due` calls `ensure_recurring` first; the next occurrence is written with the
unique key "<task>@<occurrence>", so however many dispatchers run, one job per occurrence.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from shop.jobs.services import schedule


def next_daily(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The first `at` o'clock (local time in `zone`) strictly after `now`, as aware UTC."""
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), at, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)
    return candidate.astimezone(ZoneInfo("UTC"))


def ensure_recurring(now: datetime) -> None:
    """Write the next occurrence of every recurring task (a no-op when it exists)."""
    zone = ZoneInfo(current_app.config["SHOP_TIMEZONE"])
    for task, hour in current_app.config.get("JOBS_RECURRING", {}).items():
        run_at = next_daily(now, time.fromisoformat(hour), zone)
        schedule(task, run_at, key=f"{task}@{run_at.isoformat()}")
