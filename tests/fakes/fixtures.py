"""Pytest fixtures starting the fake payment providers and VIES on 127.0.0.1 (a fresh one per
test).

Point the shop at a fake with ``app.config.update(stripe_fake.settings())`` and, for
end-to-end tests, tell the fake where to POST webhooks:
``stripe_fake.webhook_url = live_server_url + "/<the shop's Stripe webhook path>"``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.paypal_server import FakePayPal
from tests.fakes.stripe_server import FakeStripe
from tests.fakes.vies_server import FakeVies


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


@pytest.fixture
def vies_fake() -> Iterator[FakeVies]:
    """A running fake VIES; ``.api_base`` is what the VIES_API_BASE setting would name."""
    fake = FakeVies()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture()
def stripe_on(app, stripe_fake):
    """The app pays by card through the fake Stripe for this test."""
    app.config.update(stripe_fake.settings())
    yield stripe_fake
    app.config.update(dict.fromkeys(stripe_fake.settings()))


@pytest.fixture()
def paypal_on(app, paypal_fake):
    """The app offers PayPal through the fake PayPal for this test."""
    app.config.update(paypal_fake.settings())
    yield paypal_fake
    app.config.update(dict.fromkeys(paypal_fake.settings()))
