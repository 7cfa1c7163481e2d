"""The catalogue revision moves with every committed change of what pages show, and only then.

Before it, the cache's version was max(product.updated_at) plus counts: category edits did not
move it, every order moved it (the stock UPDATE stamped the product), and a change committed
after a later-stamped one never moved it at all (the PostgreSQL test at the end).
"""

import threading

import pytest

from shop.catalog.models import Product
from shop.catalog.revision import current_revision
from shop.catalog.services import edit_category, publish_product, set_price
from shop.checkout.services import place_order
from shop.demo import seed_demo
from shop.extensions import db as _db
from shop.stock import services as stock
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_category, make_product

NOW = at(2026, 11, 24, 10)


def _committed() -> int:
    _db.session.commit()
    return current_revision()


def test_a_database_without_the_row_starts_at_zero_and_counts(db):
    assert current_revision() == 0  # tables emptied, as after create_all
    make_category(db)
    assert _committed() == 1
    make_category(db)
    assert _committed() == 2


def test_price_publication_and_category_edits_move_it(db):
    category = make_category(db, name="Vitamines")
    product = make_product(db, category=category, publish=False)
    before = _committed()
    set_price(product, 2590, NOW)
    assert _committed() == before + 1
    publish_product(product)
    assert _committed() == before + 2
    edit_category(category, name="Vitamines et minéraux", description="Tout l'alphabet")
    assert _committed() == before + 3
    assert (category.name, category.description) == ("Vitamines et minéraux", "Tout l'alphabet")


def test_a_rolled_back_change_leaves_it_and_no_mark_for_the_next_transaction(db):
    product = make_product(db)
    before = _committed()
    set_price(product, 2590, NOW)
    _db.session.rollback()
    assert current_revision() == before
    assert _committed() == before  # an empty commit after the rollback moves nothing


def test_it_moves_at_the_commit_not_before(db, app):
    product = make_product(db)
    before = _committed()
    set_price(product, 2590, NOW)
    _db.session.flush()
    other = _db.engine.raw_connection()  # another visitor's connection, reading only
    try:
        cursor = other.cursor()
        cursor.execute("SELECT number FROM catalog_revision")
        assert cursor.fetchone()[0] == before
        other.rollback()
    finally:
        other.close()
    assert _committed() == before + 1


def test_an_edit_outside_the_services_still_moves_it(db):
    product = make_product(db)
    before = _committed()
    product.warnings = "Déconseillé aux enfants."  # a back-office form writing the row itself
    assert _committed() == before + 1
    product.warnings = product.warnings  # no real change
    assert _committed() == before + 1


def test_the_demo_seed_moves_it_once(db):
    before = _committed()
    seed_demo(NOW)
    assert _committed() == before + 1


def test_an_order_that_leaves_its_products_in_stock_does_not_move_it(db, shop_ready):
    plenty = make_product(db, on_hand=40)
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=5)
    before = _committed()
    place_order(make_user(db), order_request([(plenty, 30), (on_demand, 2)]), actor="c", now=NOW)
    assert _committed() == before  # 40 -> 10 available: still « En stock »
    stock.receive(plenty.id, 5, actor="staff:1")
    stock.receive(on_demand.id, 3, actor="staff:1")
    assert _committed() == before


@pytest.mark.parametrize(
    ("on_hand", "quantity"),
    [(6, 1), (5, 1), (3, 3)],  # in stock -> low, low 5 -> low 4, low -> out
)
def test_an_order_that_changes_a_shown_stock_state_moves_it(db, shop_ready, on_hand, quantity):
    product = make_product(db, on_hand=on_hand)
    before = _committed()
    place_order(make_user(db), order_request([(product, quantity)]), actor="c", now=NOW)
    assert _committed() == before + 1


def test_shipping_never_moves_it_since_available_stays(db):
    product = make_product(db, on_hand=5)
    stock.reserve([stock.Line(product.id, 2)], order_id=None, actor="c")
    before = _committed()  # 3 available: « Plus que 3 en stock »
    stock.ship([stock.Line(product.id, 1)], order_id=None, actor="staff:1")
    assert _committed() == before and product.available == 3


def test_stock_back_from_out_or_released_moves_it(db):
    product = make_product(db, on_hand=0)
    before = _committed()
    stock.open_stock(product.id, 8, actor="staff:1", reason="initial_load")
    assert _committed() == before + 1
    stock.reserve([stock.Line(product.id, 8)], order_id=None, actor="c")
    assert _committed() == before + 2
    stock.release([stock.Line(product.id, 8)], order_id=None, actor="c", reason="staff")
    assert _committed() == before + 3


@pytest.mark.postgres
def test_a_change_committed_after_a_later_stamped_one_reaches_the_page(app, db, client):
    """The price display failure: T1 stamps updated_at first but commits last. With the old
    version (max(updated_at), counts) the cache never moved again and kept 25,00 EUR."""
    slow = make_product(db, price_cents=2500)
    other = make_product(db, price_cents=1000)
    db.session.commit()
    slow_id, page = slow.id, f"/produit/{slow.slug}"

    def visit() -> str:
        with app.app_context():  # a request of its own, with its own session
            return client.get(page).text

    assert "25,00" in visit()
    stamped, go, done = threading.Event(), threading.Event(), threading.Event()

    def transaction_one() -> None:
        with app.app_context():
            product = _db.session.get(Product, slow_id)
            set_price(product, 3900, at(2026, 11, 24, 11))  # flushed: updated_at stamped now
            stamped.set()
            go.wait(10)
            _db.session.commit()
            _db.session.remove()
            done.set()

    thread = threading.Thread(target=transaction_one)
    thread.start()
    assert stamped.wait(10)
    set_price(other, 1100, at(2026, 11, 24, 12))  # T2: stamped later, committed first
    db.session.commit()
    assert "25,00" in visit()  # T1 not committed yet: the old price is still the right one
    go.set()
    assert done.wait(10)
    thread.join()
    shown = visit()
    assert "39,00" in shown and "25,00" not in shown
