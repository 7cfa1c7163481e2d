"""The demo products' pictures drawn by scripts/make_product_svgs.py (issue 21 item 8): one
small, self-contained, well-formed SVG per product, a pack shape per product family, the label
legible at the 240 px card size, and the committed files exactly what the script draws."""

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from shop.catalog.demo import PACK_SHAPES, image_alt, image_filename, pack_shape
from shop.catalog.demo_data import BRAND, CATEGORIES, PRODUCTS
from shop.catalog.models import PRODUCT_FORMATS

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "make_product_svgs.py"
COMMITTED = ROOT / "static" / "img" / "products"
SVG = "{http://www.w3.org/2000/svg}"
COLOURS = {category["slug"]: category["colour"] for category in CATEGORIES}


def _load_script():
    spec = importlib.util.spec_from_file_location("make_product_svgs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load_script()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The script run as the README says, into a temporary folder."""
    out = tmp_path_factory.mktemp("pictures")
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    return out


def _parse(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def _label_texts(root: ET.Element) -> list[str]:
    (label,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "label"]
    return [text.text for text in label.iter(f"{SVG}text")]


def test_one_file_per_demo_product(generated):
    names = sorted(path.name for path in generated.iterdir())
    assert names == sorted(image_filename(product["slug"]) for product in PRODUCTS)
    assert len(names) == len(PRODUCTS) == 44


def test_each_family_has_its_pack_and_the_catalogue_shows_at_least_four(generated):
    shapes = {}
    for product in PRODUCTS:
        root = _parse(generated / image_filename(product["slug"]))
        (pack,) = [g for g in root.iter(f"{SVG}g") if g.get("data-pack")]
        assert pack.get("data-pack") == pack_shape(product), product["slug"]
        shapes.setdefault(pack.get("data-pack"), set()).add(product["format"])
    assert len(shapes) >= 4
    assert {"jar", "bottle", "dropper", "spray", "box", "tub", "sachet"} == set(shapes)
    assert shapes["bottle"] == {"capsules"}  # the omega-3 oils
    assert shapes["tub"] == {"poudre"}
    assert shapes["box"] == {"comprimes", "accessoire"}


def test_every_galenic_form_has_a_shape_the_script_draws():
    assert set(PACK_SHAPES) == set(PRODUCT_FORMATS)
    assert set(PACK_SHAPES.values()) | {"spray", "bottle"} == set(script.SHAPES)


def test_pack_follows_the_data():
    drops = {"format": "liquide", "category": "vitamines", "daily_portion": "4 gouttes par jour"}
    spray = dict(drops, daily_portion="4 pulvérisations par jour")
    oil = {"format": "capsules", "category": "omega-3-acides-gras"}
    assert [pack_shape(p) for p in (drops, spray, oil, dict(oil, category="vitamines"))] == [
        "dropper", "spray", "bottle", "jar",
    ]


def test_each_file_is_a_well_formed_self_contained_svg(generated):
    for product in PRODUCTS:
        path = generated / image_filename(product["slug"])
        raw = path.read_text(encoding="utf-8")
        root = ET.fromstring(raw)
        assert root.tag == f"{SVG}svg"
        assert root.get("viewBox") == "0 0 240 240"
        # Named like the <img> that shows it on the product page.
        assert root.get("role") == "img"
        assert root[0].tag == f"{SVG}title" and root[0].text == image_alt(product)
        # Nothing fetched: no link, no embedded image or style, no font file; only the
        # namespace names a URL.
        assert raw.count("http") == 1 and "http://www.w3.org/2000/svg" in raw
        for element in root.iter():
            assert element.tag.removeprefix(SVG) not in {
                "image", "use", "a", "script", "style", "foreignObject", "feImage",
            }
            for name, value in element.attrib.items():
                assert "href" not in name and "url(" not in value, (path.name, name)
        families = {e.get("font-family") for e in root.iter() if e.get("font-family")}
        assert families == {script.FONT} and script.FONT.endswith(",sans-serif")
        assert path.stat().st_size < 3 * 1024


def test_the_label_carries_the_brand_and_the_short_name_large_enough(generated):
    for product in PRODUCTS:
        root = _parse(generated / image_filename(product["slug"]))
        expected = [BRAND.upper(), *filter(None, product["label"])]
        assert _label_texts(root) == expected, product["slug"]
        # viewBox units are CSS pixels on the 240 px card: every text at least 12 px there,
        # the product's name at least 16.
        sizes = [float(text.get("font-size")) for text in root.iter(f"{SVG}text")]
        assert min(sizes) >= 12 and sizes[1] >= 16, product["slug"]


def test_label_text_is_escaped():
    product = dict(PRODUCTS[0], label=("A & B <C>", "l'« 5 % »"), name="Tom & Jerry <3")
    raw = script.svg(product, "#d99a1e")
    assert "A &amp; B &lt;C&gt;" in raw and "Tom &amp; Jerry &lt;3" in raw
    root = ET.fromstring(raw)
    assert _label_texts(root)[1:] == ["A & B <C>", "l'« 5 % »"]
    assert root[0].text == "Pot de capsules Nutrivia Labs « Tom & Jerry <3 », 90 capsules – 22 g"


def test_a_label_line_too_long_for_its_pack_is_refused():
    product = dict(PRODUCTS[0], label=("Vitamines essentielles", ""))
    with pytest.raises(ValueError, match="too long"):
        script.svg(product, "#d99a1e")


def test_output_is_deterministic(generated, tmp_path):
    script.write_all(tmp_path)
    for path in generated.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_committed_pictures_are_what_the_script_draws(generated):
    stale = [
        path.name for path in sorted(generated.iterdir())
        if not (COMMITTED / path.name).is_file()
        or (COMMITTED / path.name).read_bytes() != path.read_bytes()
    ]
    assert not stale, "run .venv/bin/python scripts/make_product_svgs.py and commit: " + str(stale)


def test_the_pictures_stay_small(generated):
    total = sum(path.stat().st_size for path in generated.iterdir())
    assert total < 64 * 1024
