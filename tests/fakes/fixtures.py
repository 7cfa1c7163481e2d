"""Pytest fixtures starting the fake payment providers on 127.0.0.1 (a fresh one per test).

Point the shop at a fake with ``app.config.update(stripe_fake.settings())`` and, for
end-to-end tests, tell the fake where to POST webhooks:
``stripe_fake.webhook_url = live_server_url + "/<the shop's Stripe webhook path>"``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.paypal_server import FakePayPal
from tests.fakes.stripe_server import FakeStripe


@pytest.fixture
def stripe_fake() -> Iterator[FakeStripe]:
    """A running fake Stripe; ``.base_url`` is its API base and hosted-page origin."""
    fake = FakeStripe()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def paypal_fake() -> Iterator[FakePayPal]:
    """A running fake PayPal; ``.base_url`` is its API base and checkout-page origin."""
    fake = FakePayPal()
    fake.start()
    yield fake
    fake.stop()
