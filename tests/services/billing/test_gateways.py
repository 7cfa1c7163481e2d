"""The app's payment gateways: built once for the current settings and kept between calls."""

from shop.billing.attempts import start_attempt
from shop.billing.gateways import gateway
from shop.checkout.services import place_order
from shop.db import utcnow
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import make_product


def test_paypal_is_asked_for_one_access_token_for_several_payments(db, shop_ready, paypal_on):
    """The gateway keeps its access token (valid for hours) between requests: asking PayPal
    for a new one at every payment would double the calls and meet its rate limits."""
    product = make_product(db, price_cents=2500, on_hand=5)
    for _customer in range(2):
        order = place_order(make_user(db), order_request([(product, 1)]), actor="client",
                            now=utcnow())
        start_attempt(order, gateway("paypal"), now=utcnow(),
                      return_url="http://localhost/r", cancel_url="http://localhost/c")
        db.session.commit()
    assert len(paypal_on.calls("POST", r"/v2/checkout/orders")) == 2
    assert len(paypal_on.calls("POST", r"/v1/oauth2/token")) == 1
