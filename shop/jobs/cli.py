"""`flask jobs run-due` (cron, every minute) and `flask jobs worker` (RQ, when REDIS_URL is set)."""

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Travaux différés : exécution des tâches planifiées et worker RQ.")


@jobs_cli.command("run-due")
@click.option("--limit", default=50, show_default=True, help="Nombre maximal de tâches.")
def run_due_command(limit: int) -> None:
    """Run the scheduled jobs that are due (safe to start twice at once)."""
    from shop.jobs.services import run_due

    summary = run_due(limit=limit)
    click.echo(
        f"{summary.claimed} tâche(s) prise(s) : {summary.done} terminée(s), "
        f"{summary.retried} à réessayer, {summary.failed} en échec définitif."
    )


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="S'arrêter quand la file est vide.")
def worker_command(burst: bool) -> None:
    """Process the RQ queue at REDIS_URL."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL n'est pas défini : les tâches s'exécutent en ligne.")
    from shop.jobs.queue import work

    work(burst=burst)
