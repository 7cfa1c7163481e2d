"""Fixtures for the payment gateway tests: gateways wired to the fakes, and a sink."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shop.payments.paypal_gateway import PayPalGateway
from shop.payments.stripe_gateway import StripeGateway
from tests.fakes._server import Sink
from tests.fakes.paypal_server import FakePayPal
from tests.fakes.stripe_server import FakeStripe


@pytest.fixture
def sink() -> Iterator[Sink]:
    """A loopback server standing in for the shop's return pages and webhook endpoints."""
    server = Sink()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stripe_gateway(stripe_fake: FakeStripe) -> StripeGateway:
    """The real Stripe gateway (real SDK) talking to the fake."""
    return StripeGateway(secret_key=stripe_fake.secret_key,
                         webhook_secret=stripe_fake.webhook_secret,
                         api_base=stripe_fake.base_url, max_retries=0)


@pytest.fixture
def paypal_gateway(paypal_fake: FakePayPal) -> PayPalGateway:
    """The real PayPal gateway talking to the fake."""
    return PayPalGateway(client_id=paypal_fake.client_id,
                         client_secret=paypal_fake.client_secret,
                         webhook_id=paypal_fake.webhook_id, api_base=paypal_fake.base_url)
