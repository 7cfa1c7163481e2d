"""Job tasks of the orders domain (faces of the job system, which commits)."""

from shop.billing.unpaid import expire_if_unpaid
from shop.db import utcnow


def expire_unpaid_order(order_id: int) -> None:
    """Cancel an order still unpaid at its deadline and give its stock back (CGV 5.3).

    Running it twice is harmless: the order row is locked and only an order still awaiting
    payment past its deadline is cancelled (its open attempts are closed with it).
    """
    expire_if_unpaid(order_id, utcnow())
