from shop.catalog.availability import availability
from shop.catalog.labels import highlight_allergens
from shop.catalog.models import Product


def test_allergens_are_bold_and_the_rest_is_escaped():
    html = str(highlight_allergens("Lécithine de SOJA, <script>, poisson", ["soja", "poisson"]))
    assert '<strong class="allergen">SOJA</strong>' in html
    assert '<strong class="allergen">poisson</strong>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_availability_labels():
    def product(on_hand, allocated=0, **fields):
        return Product(on_hand=on_hand, allocated=allocated, on_demand=False, **fields)

    assert availability(product(40)).label == "En stock"
    assert availability(product(3)).label == "Plus que 3 en stock"
    assert availability(product(40, allocated=36)).label == "Plus que 4 en stock"  # available
    out = availability(product(2, allocated=2))
    assert out.label == "Rupture de stock" and not out.orderable
    on_demand = availability(
        Product(on_hand=0, allocated=0, on_demand=True, supplier_delay_days=10)
    )
    assert on_demand.orderable and "10 jours" in on_demand.label
