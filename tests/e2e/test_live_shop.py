"""The live shop of the end-to-end tests shares the process with the other tests' app."""

from shop.extensions import limiter


def test_the_live_shop_leaves_rate_limits_on_for_the_other_tests(live_shop, app):
    """Flask-Limiter has one `enabled` flag for every app of the process: the live shop once
    switched it off, and a view test that ran after it in the same worker saw no limit (a
    « Prévenez-moi » flood test failed in CI that way)."""
    assert limiter.enabled
    assert live_shop.app.config["RATELIMIT_STOCK_ALERT"] != app.config["RATELIMIT_STOCK_ALERT"]
