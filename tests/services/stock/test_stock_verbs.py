"""The stock verbs: what each does to on hand and allocated, the movement it writes, its refusals.

Runs on SQLite and PostgreSQL. Reservations here call the service directly, so the
out-of-stock branch (reached through the checkout only when buyers race, on PostgreSQL) is
exercised on both databases.
"""

import pytest
from sqlalchemy import event, select

from shop.catalog.models import Product
from shop.stock import services as stock
from shop.stock.models import StockMovement
from shop.stock.services import Line, OutOfStock, StockError
from tests.factories import make_product

FIELDS = (
    "kind",
    "on_hand_change",
    "allocated_change",
    "on_hand_after",
    "allocated_after",
    "order_id",
    "order_line_id",
    "actor",
    "reason",
    "note",
)


def ledger(product) -> list[tuple]:
    """The product's movements in the order written, as tuples of FIELDS."""
    rows = stock_rows(product)
    return [tuple(getattr(m, name) for name in FIELDS) for m in rows]


def stock_rows(product) -> list[StockMovement]:
    from shop.extensions import db

    db.session.flush()
    return db.session.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product.id)
        .order_by(StockMovement.id)
    ).all()


def levels(db, product) -> tuple[int, int, int]:
    """(on_hand, allocated, available) as stored, read afresh."""
    db.session.flush()
    db.session.expire(product)
    return product.on_hand, product.allocated, product.available


def test_opening_is_the_first_movement_and_only_once(db):
    product = make_product(db, on_hand=0)
    stock.open_stock(product.id, 12, actor="staff:1", reason="initial_load", note="inventaire")
    assert levels(db, product) == (12, 0, 12)
    assert ledger(product) == [
        ("opening", 12, 0, 12, 0, None, None, "staff:1", "initial_load", "inventaire")
    ]
    with pytest.raises(StockError) as refused:
        stock.open_stock(product.id, 3, actor="staff:1", reason="initial_load")
    assert str(refused.value) == (
        "Ce produit a déjà des mouvements de stock : utilisez un ajustement."
    )
    assert levels(db, product) == (12, 0, 12)
    fresh = make_product(db, on_hand=0)
    stock.open_stock(fresh.id, 1, actor="staff:1", reason="initial_load")
    assert ledger(fresh)[0][-1] == ""  # no note unless one is given


def test_receiving_raises_on_hand_with_a_default_reason(db):
    product = make_product(db, on_hand=10)
    stock.receive(product.id, 5, actor="staff:2")
    stock.receive(product.id, 1, actor="staff:2", reason="found", note="carton oublié")
    assert levels(db, product) == (16, 0, 16)
    assert ledger(product)[1:] == [
        ("received", 5, 0, 15, 0, None, None, "staff:2", "supplier_delivery", ""),
        ("received", 1, 0, 16, 0, None, None, "staff:2", "found", "carton oublié"),
    ]


def test_an_adjustment_is_signed(db):
    product = make_product(db, on_hand=10)
    stock.adjust(product.id, -3, actor="staff:1", reason="damaged", note="pots cassés")
    stock.adjust(product.id, 2, actor="staff:1", reason="stocktake")
    stock.adjust(product.id, 1, actor="staff:1", reason="stocktake")
    stock.adjust(product.id, -1, actor="staff:1", reason="stocktake")
    assert levels(db, product) == (9, 0, 9)
    assert ledger(product)[1:] == [
        ("adjusted", -3, 0, 7, 0, None, None, "staff:1", "damaged", "pots cassés"),
        ("adjusted", 2, 0, 9, 0, None, None, "staff:1", "stocktake", ""),
        ("adjusted", 1, 0, 10, 0, None, None, "staff:1", "stocktake", ""),
        ("adjusted", -1, 0, 9, 0, None, None, "staff:1", "stocktake", ""),
    ]


def test_an_adjustment_cannot_take_units_promised_to_orders(db):
    product = make_product(db, on_hand=10, name="Zinc – complément alimentaire")
    stock.reserve([Line(product.id, 8)], order_id=None, actor="client")
    with pytest.raises(StockError) as refused:
        stock.adjust(product.id, -3, actor="staff:1", reason="damaged")
    assert str(refused.value) == (
        "« Zinc – complément alimentaire » : 10 en stock dont 8 réservés pour des commandes non "
        "expédiées ; impossible d'en retirer 3. Annulez ou expédiez d'abord."
    )
    assert not isinstance(refused.value, OutOfStock)
    stock.adjust(product.id, -2, actor="staff:1", reason="damaged")  # down to the allocation
    assert levels(db, product) == (8, 8, 0)


@pytest.mark.parametrize("quantity", [0, -1])
def test_quantities_must_be_positive(db, quantity):
    product = make_product(db, on_hand=0)
    for verb in (stock.receive, stock.open_stock):
        with pytest.raises(StockError) as refused:
            verb(product.id, quantity, actor="staff:1", reason="x")
        assert str(refused.value) == "Une quantité doit être positive."
    with pytest.raises(StockError, match="positive"):
        stock.reserve([Line(product.id, 1), Line(product.id, quantity)], order_id=None, actor="c")
    with pytest.raises(StockError, match="positive"):
        stock.adjust(product.id, 0, actor="staff:1", reason="x")
    assert levels(db, product) == (0, 0, 0) and ledger(product) == []


def test_an_unknown_product_is_refused_in_french(db):
    with pytest.raises(StockError) as refused:
        stock.receive(987654, 1, actor="staff:1")
    assert str(refused.value) == "Produit inconnu (n° 987654)."
    with pytest.raises(StockError, match="Produit inconnu"):
        stock.reserve([Line(987654, 1)], order_id=None, actor="client")


def test_reserving_allocates_and_keeps_loaded_products_in_step(db):
    product = make_product(db, on_hand=10)
    stock.reserve([Line(product.id, 3)], order_id=None, actor="client:7")
    # no expiry, no reload: the object already in the session shows the new levels
    assert (product.on_hand, product.allocated, product.available) == (10, 3, 7)
    assert ledger(product)[1:] == [
        ("allocated", 0, 3, 10, 3, None, None, "client:7", "order_placed", "")
    ]


def test_a_product_repeated_in_one_order_moves_once_with_its_total(db, count_queries):
    product = make_product(db, on_hand=4)
    db.session.flush()
    lines = [Line(product.id, 2, line_id=None), Line(product.id, 2, line_id=None)]
    with count_queries() as counter:
        stock.reserve(lines, order_id=None, actor="client")
    updates = [s for s in counter.statements if s.startswith("UPDATE product")]
    assert len(updates) == 1
    # one movement per line, each with the levels as they stand after it
    assert [m[2:5] for m in ledger(product)[1:]] == [(2, 4, 2), (2, 4, 4)]
    more = make_product(db, on_hand=3)
    with pytest.raises(OutOfStock) as short:
        stock.reserve([Line(more.id, 2), Line(more.id, 2)], order_id=None, actor="client")
    assert short.value.available == 3  # the total was refused, not the second line alone
    assert levels(db, more) == (3, 0, 3)


def test_products_are_locked_in_increasing_id_order(db):
    first, second, third = (make_product(db, on_hand=10) for _ in range(3))
    db.session.flush()
    locked: list[int] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE product"):
            locked.append(context.compiled_parameters[0]["id_1"])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        lines = [Line(third.id, 1), Line(first.id, 1), Line(second.id, 1), Line(first.id, 1)]
        stock.reserve(lines, order_id=None, actor="client")
        stock.release(list(reversed(lines)), order_id=None, actor="client", reason="customer")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    ids = [first.id, second.id, third.id]
    assert locked == ids + ids  # one UPDATE per product, lowest id first, for both verbs
    assert levels(db, first) == (10, 0, 10)


@pytest.mark.parametrize(
    ("on_hand", "allocated", "message"),
    [
        (5, 5, "« Fer – complément alimentaire » n'est plus en stock."),
        (5, 3, "« Fer – complément alimentaire » : plus que 2 en stock."),
        (5, 4, "« Fer – complément alimentaire » : plus que 1 en stock."),
    ],
)
def test_out_of_stock_names_the_product_and_what_is_left(db, on_hand, allocated, message):
    product = make_product(db, on_hand=on_hand, name="Fer – complément alimentaire")
    other = make_product(db, on_hand=10)
    stock.reserve([Line(product.id, allocated)], order_id=None, actor="client")
    with pytest.raises(OutOfStock) as short:
        stock.reserve([Line(other.id, 1), Line(product.id, 3)], order_id=None, actor="client")
    assert str(short.value) == message
    assert (short.value.product_id, short.value.available) == (product.id, on_hand - allocated)
    assert short.value.product_name == "Fer – complément alimentaire"
    assert levels(db, product) == (on_hand, allocated, on_hand - allocated)


def test_exactly_the_units_available_can_be_reserved(db):
    product = make_product(db, on_hand=5)
    stock.reserve([Line(product.id, 5)], order_id=None, actor="client")
    assert levels(db, product) == (5, 5, 0)
    with pytest.raises(OutOfStock):
        stock.reserve([Line(product.id, 1)], order_id=None, actor="client")


def test_releasing_gives_the_units_back_to_sale(db):
    product = make_product(db, on_hand=10)
    stock.reserve([Line(product.id, 4)], order_id=None, actor="client")
    stock.release([Line(product.id, 3)], order_id=None, actor="system:expiry", reason="expired")
    assert levels(db, product) == (10, 1, 9)
    assert ledger(product)[-1] == (
        "released",
        0,
        -3,
        10,
        1,
        None,
        None,
        "system:expiry",
        "expired",
        "",
    )


def test_releasing_or_shipping_more_than_allocated_is_refused(db):
    product = make_product(db, on_hand=10, name="Fer – complément alimentaire")
    stock.reserve([Line(product.id, 2)], order_id=None, actor="client")
    for verb in (stock.release, stock.ship):
        with pytest.raises(StockError) as refused:
            verb([Line(product.id, 3)], order_id=None, actor="staff:1", reason="x")
        assert str(refused.value) == (
            "« Fer – complément alimentaire » : 2 réservés seulement, 3 demandés : "
            "le stock est incohérent (voir flask stock verify)."
        )
    assert levels(db, product) == (10, 2, 8)


def test_shipping_takes_the_allocated_units_out_of_the_warehouse(db):
    product = make_product(db, on_hand=10)
    stock.reserve([Line(product.id, 4)], order_id=None, actor="client")
    stock.ship([Line(product.id, 3), Line(product.id, 1)], order_id=None, actor="staff:4")
    assert levels(db, product) == (6, 0, 6)  # available did not change
    assert ledger(product)[-2:] == [
        ("shipped", -3, -3, 7, 1, None, None, "staff:4", "order_shipped", ""),
        ("shipped", -1, -1, 6, 0, None, None, "staff:4", "order_shipped", ""),
    ]


def test_returned_goods_are_on_hand_again(db):
    product = make_product(db, on_hand=10)
    stock.return_goods(
        [Line(product.id, 2)],
        order_id=None,
        actor="staff:4",
        reason="non_delivery",
        note="colis revenu intact",
    )
    stock.return_goods([Line(product.id, 1)], order_id=None, actor="staff:4", reason="x")
    assert ledger(product)[-1][-1] == ""  # no note unless one is given
    assert levels(db, product) == (13, 0, 13)
    assert ledger(product)[-2] == (
        "returned",
        2,
        0,
        12,
        0,
        None,
        None,
        "staff:4",
        "non_delivery",
        "colis revenu intact",
    )


def test_the_database_refuses_levels_the_service_would_never_write(db):
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    product = make_product(db, on_hand=3)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Product).where(Product.id == product.id).values(allocated=4))
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Product).where(Product.id == product.id).values(allocated=-1))
    db.session.rollback()
