"""`flask stock verify`: the ledger adds up to the levels, allocations match open orders."""

import click
from flask.cli import AppGroup

stock_cli = AppGroup("stock", help="Stock : contrôles du grand livre.")


@stock_cli.command("verify")
def verify_command() -> None:
    """Check every product's stock; exit 1 with a report on any difference."""
    from shop.orders.services import reserved_units, stale_reservations
    from shop.stock.verify import verify_stock

    report = verify_stock(reserved_units())
    report.problems += stale_reservations()
    if report.ok:
        click.echo(f"Stock cohérent : {report.products} produit(s) vérifié(s).")
        return
    click.echo(f"Stock incohérent : {len(report.problems)} écart(s).", err=True)
    for problem in report.problems:
        click.echo(f"- {problem}", err=True)
    raise SystemExit(1)
