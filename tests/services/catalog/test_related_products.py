"""Related products of a product page: same category, published, orderable ones first."""

from shop.catalog.queries import related_products
from tests.factories import make_category, make_product


def _named(name: str) -> str:
    return f"{name} – complément alimentaire"


def test_related_products_same_category_orderable_first_then_by_name(db):
    shelf, other_shelf = make_category(db), make_category(db)
    product = make_product(db, category=shelf, name=_named("Magnésium"))
    out = make_product(db, category=shelf, name=_named("Acérola"), on_hand=0)
    zinc = make_product(db, category=shelf, name=_named("Zinc"))
    bisglycinate = make_product(db, category=shelf, name=_named("Bisglycinate de fer"))
    on_demand = make_product(db, category=shelf, name=_named("Yuzu"), on_hand=0, on_demand=True,
                             supplier_delay_days=5)
    make_product(db, category=shelf, name=_named("Caché"), publish=False)
    make_product(db, category=other_shelf, name=_named("Autre rayon"))
    db.session.commit()

    related = related_products(product)

    assert [p.name for p in related] == [
        _named(name) for name in ("Bisglycinate de fer", "Yuzu", "Zinc", "Acérola")
    ]
    assert product not in related
    assert {p.id for p in related} == {out.id, zinc.id, bisglycinate.id, on_demand.id}


def test_related_products_are_at_most_four(db):
    shelf = make_category(db)
    product = make_product(db, category=shelf)
    for _ in range(6):
        make_product(db, category=shelf)
    db.session.commit()
    assert len(related_products(product)) == 4
    assert len(related_products(product, limit=2)) == 2
