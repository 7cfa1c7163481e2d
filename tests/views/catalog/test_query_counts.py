"""No N+1: the number of SQL statements of a page does not grow with the products shown."""

from shop.catalog.fragments import fragments
from tests.factories import make_category, make_product


def _statements(client, count_queries, path):
    """Statements of one uncached rendering of the page."""
    fragments.clear()
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return len(counter.statements)


def test_category_page_queries_do_not_grow_with_products(client, db, count_queries):
    few, many = make_category(db, slug="peu"), make_category(db, slug="beaucoup")
    for _ in range(2):
        make_product(db, category=few, nutrients=3)
    for _ in range(20):
        make_product(db, category=many, nutrients=3)
    db.session.commit()
    _statements(client, count_queries, "/categorie/peu")  # warm the menu cache
    assert _statements(client, count_queries, "/categorie/peu") == _statements(
        client, count_queries, "/categorie/beaucoup"
    )


def test_search_and_home_queries_do_not_grow(client, db, count_queries):
    category = make_category(db, slug="vitamines")
    make_product(db, category=category, name="Vitamine A – complément alimentaire")
    db.session.commit()
    _statements(client, count_queries, "/")  # warm the menu cache
    one = _statements(client, count_queries, "/recherche?q=vitamine")
    for _ in range(15):
        make_product(db, category=category, name="Vitamine B – complément alimentaire")
    db.session.commit()
    assert _statements(client, count_queries, "/recherche?q=vitamine") == one


def test_product_page_queries_do_not_grow_with_its_label(client, db, count_queries):
    small = make_product(db, nutrients=1)
    large = make_product(db, nutrients=25)
    db.session.commit()
    _statements(client, count_queries, f"/produit/{small.slug}")
    assert _statements(client, count_queries, f"/produit/{small.slug}") == _statements(
        client, count_queries, f"/produit/{large.slug}"
    )


def test_a_cached_page_reads_only_the_catalogue_revision(client, db, count_queries):
    product = make_product(db)
    db.session.commit()
    client.get(f"/produit/{product.slug}")
    with count_queries() as counter:
        assert client.get(f"/produit/{product.slug}").status_code == 200
    assert len(counter.statements) == 1 and "FROM catalog_revision" in counter.statements[0]
