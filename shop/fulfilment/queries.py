"""What staff read: the dashboard's counts, the orders list (filters, keyset pages) and its CSV.

Pages are keyset pages on (created_at, id), newest first: the n-th page costs what the first
does, at 100,000 orders as at 100 (bench/backoffice.py).
"""

import csv
import io
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, func, or_, select, tuple_

from shop.accounts.models import User
from shop.billing.models import Refund
from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order

PAGE_SIZE = 50
CHANNELS = {"web": "Site", "phone": "Téléphone", "email": "E-mail"}
# Orders whose parcel is still owed to the customer.
AWAITING_DELIVERY = (states.PAID, states.AWAITING_IDENTITY, states.PREPARING, states.SHIPPED)


@dataclass(frozen=True)
class OrderFilters:
    """The list's filters, all optional; `late` keeps orders past their expected delivery."""

    status: str = ""
    channel: str = ""
    payment_method: str = ""
    customer: str = ""  # part of the e-mail address or the last name
    reference: str = ""
    placed_from: date | None = None
    placed_to: date | None = None
    late: bool = False

    def as_args(self) -> dict:
        """The filters as query-string values (for links to other pages of the list)."""
        values = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value:
                values[field.name] = value.isoformat() if isinstance(value, date) else (
                    "1" if value is True else value)
        return values


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SHOP_TIMEZONE"])


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=_zone())


def today(now: datetime) -> date:
    return now.astimezone(_zone()).date()


def _late_condition(day: date):
    return and_(Order.status.in_(AWAITING_DELIVERY),
                func.coalesce(Order.delayed_until, Order.delivery_latest) < day)


def _filtered(filters: OrderFilters, now: datetime):
    query = select(Order)
    if filters.status:
        query = query.where(Order.status == filters.status)
    if filters.channel:
        query = query.where(Order.channel == filters.channel)
    if filters.payment_method:
        query = query.where(Order.payment_method == filters.payment_method)
    if filters.reference:
        query = query.where(Order.reference == filters.reference.strip().upper())
    if filters.customer:
        # Customers are found among the accounts (thousands of rows), then their orders by
        # the indexed user_id: no scan of the orders table.
        wanted = filters.customer.strip().lower()
        customers = select(User.id).where(or_(
            func.lower(User.email).contains(wanted, autoescape=True),
            func.lower(User.last_name).contains(wanted, autoescape=True)))
        query = query.where(Order.user_id.in_(customers))
    if filters.placed_from:
        query = query.where(Order.created_at >= _start_of(filters.placed_from))
    if filters.placed_to:
        query = query.where(Order.created_at < _start_of(filters.placed_to + timedelta(days=1)))
    if filters.late:
        query = query.where(_late_condition(today(now)))
    return query


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    next_cursor: str | None  # pass back as `apres` for the next page


def _cursor(order: Order) -> str:
    return f"{order.created_at.isoformat()}_{order.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """The (created_at, id) a cursor names; None for a missing or forged one (first page)."""
    if not cursor:
        return None
    stamp, _sep, order_id = cursor.rpartition("_")
    try:
        moment = datetime.fromisoformat(stamp)
        number = int(order_id)
    except ValueError:
        return None
    if moment.tzinfo is None or not 0 < number < 2**31:
        return None
    return moment, number


def order_page(filters: OrderFilters, *, now: datetime, after: str | None = None,
               size: int = PAGE_SIZE) -> OrderPage:
    """One page of the filtered list, newest first, starting after the cursor."""
    query = _filtered(filters, now)
    position = _parse_cursor(after)
    if position:
        moment, number = position
        # A row comparison: the database walks the (created_at, id) index from there.
        query = query.where(tuple_(Order.created_at, Order.id) < tuple_(moment, number))
    rows = list(db.session.scalars(
        query.order_by(Order.created_at.desc(), Order.id.desc()).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    return OrderPage(rows, _cursor(rows[-1]) if more and rows else None)


CSV_HEADER = ("Référence", "Date", "Client", "E-mail", "Canal", "État", "Paiement",
              "Total TTC")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _amount(cents: int) -> str:
    """1234567 -> '12345,67': a number a French spreadsheet reads."""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}"


def orders_csv(filters: OrderFilters, *, now: datetime) -> str:
    """The filtered list as CSV for a French spreadsheet: `;` separators, UTF-8 with BOM,
    amounts with a decimal comma, formulas neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    query = _filtered(filters, now).order_by(Order.created_at.desc(), Order.id.desc())
    zone = _zone()
    for order in db.session.scalars(query.execution_options(yield_per=500)):
        writer.writerow([_cell(value) for value in (
            order.reference,
            order.created_at.astimezone(zone).strftime("%d/%m/%Y %H:%M"),
            order.customer_name, order.customer_email,
            CHANNELS.get(order.channel, order.channel),
            states.LABELS.get(order.status, order.status), order.payment_method,
            _amount(order.total_ttc_cents),
        )])
    return out.getvalue()


@dataclass(frozen=True)
class Dashboard:
    awaiting_payment: int
    to_prepare: int
    awaiting_identity: int
    preparing: int
    late: int
    refunds_owed: int
    orders_today: int
    sales_today_cents: int


def dashboard(now: datetime) -> Dashboard:
    """The counts on the staff home, each opening its filtered list."""
    day = today(now)
    by_status = dict(db.session.execute(
        select(Order.status, func.count()).group_by(Order.status)).all())
    late = db.session.scalar(select(func.count()).select_from(Order).where(_late_condition(day)))
    owed = db.session.scalar(select(func.count()).select_from(Refund).where(
        Refund.status.in_(("pending", "failed"))))
    placed_today = and_(Order.created_at >= _start_of(day), Order.status != states.CANCELLED)
    count, sales = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Order.total_ttc_cents), 0))
        .where(placed_today, Order.status != states.AWAITING_PAYMENT)).one()
    return Dashboard(
        awaiting_payment=by_status.get(states.AWAITING_PAYMENT, 0),
        to_prepare=by_status.get(states.PAID, 0),
        awaiting_identity=by_status.get(states.AWAITING_IDENTITY, 0),
        preparing=by_status.get(states.PREPARING, 0),
        late=late, refunds_owed=owed, orders_today=count, sales_today_cents=int(sales),
    )
