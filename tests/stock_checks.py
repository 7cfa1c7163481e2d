"""`flask stock verify` run the way an operator runs it, through the CLI runner."""


def stock_verify(app):
    """The command's result (exit code and output) on the current database."""
    return app.test_cli_runner().invoke(args=["stock", "verify"])


def assert_stock_verified(app) -> None:
    """The ledger adds up to every product's levels and allocations match open orders."""
    result = stock_verify(app)
    assert result.exit_code == 0, result.output
    assert "Stock cohérent" in result.output
