"""Command-line commands: `flask seed-demo` and those each domain adds."""

import click
from flask import Flask

from shop.extensions import db


def register_commands(app: Flask) -> None:
    from shop.accounts.cli import users_cli
    from shop.billing.cli import billing_cli
    from shop.jobs.cli import jobs_cli
    from shop.stock.cli import stock_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(billing_cli)
    app.cli.add_command(stock_cli)

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Load the demo catalogue, CGV and accounts (safe to run again)."""
        from shop.demo import seed_demo

        summary = seed_demo()
        db.session.commit()
        click.echo(summary)
