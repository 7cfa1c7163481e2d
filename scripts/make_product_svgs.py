"""Draw the demo products' pictograms into static/img/products/ (one small SVG per product).

Run from the repository root after changing the demo data:
    .venv/bin/python scripts/make_product_svgs.py
The files are committed; the seed only references them.
"""

import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shop.catalog.demo import image_filename  # noqa: E402
from shop.catalog.demo_data import CATEGORIES, PRODUCTS  # noqa: E402

OUT = ROOT / "static" / "img" / "products"
FONT = "font-family='system-ui,Segoe UI,Helvetica,Arial,sans-serif'"


def fit(text: str, width: float, largest: float) -> float:
    """A font size that keeps ``text`` within ``width`` (average glyph ~0.58 em)."""
    return round(min(largest, width / (0.58 * max(len(text), 1))), 1)


def label_text(lines: tuple[str, str], cx: float, top: float, width: float) -> str:
    first, second = lines
    size1 = fit(first, width, 19)
    baseline = top + 18 if second else top + 35
    parts = [
        f"<text x='{cx}' y='{baseline}' font-size='{size1}' font-weight='700' "
        f"fill='#1d2327'>{escape(first)}</text>"
    ]
    if second:
        size2 = fit(second, width, 14)
        parts.append(
            f"<text x='{cx}' y='{top + 37}' font-size='{size2}' fill='#3c4449'>"
            f"{escape(second)}</text>"
        )
    return "".join(parts)


def pot(colour: str, lines, *, wide: bool = False) -> str:
    """A supplement pot (a wider tub for powders) with a cap and a label."""
    x, w, y, h = (50, 140, 78, 132) if wide else (64, 112, 62, 150)
    cap = (
        f"<rect x='{x + 8}' y='{y - 24}' width='{w - 16}' height='28' rx='6' fill='{colour}'/>"
        f"<rect x='{x + 8}' y='{y - 6}' width='{w - 16}' height='4' fill='#000' opacity='.15'/>"
    )
    body = f"<rect x='{x}' y='{y}' width='{w}' height='{h}' rx='16' fill='{colour}'/>"
    label_y = y + h / 2 - 30
    label = (
        f"<rect x='{x - 4}' y='{label_y}' width='{w + 8}' height='58' rx='4' fill='#fff'/>"
        + label_text(lines, 120, label_y + 2, w - 6)
    )
    return cap + body + label


def dropper(colour: str, lines) -> str:
    """A dropper bottle for liquids."""
    return (
        f"<rect x='106' y='24' width='28' height='34' rx='12' fill='#2b2f33'/>"
        f"<rect x='100' y='52' width='40' height='20' rx='4' fill='#2b2f33'/>"
        f"<path d='M96 72h48l22 26v106a14 14 0 0 1-14 14H88a14 14 0 0 1-14-14V98z' "
        f"fill='{colour}'/>"
        f"<rect x='66' y='122' width='108' height='58' rx='4' fill='#fff'/>"
        + label_text(lines, 120, 124, 102)
    )


def box(colour: str, lines) -> str:
    """A plain box for accessories."""
    return (
        f"<path d='M60 76l20-22h80l20 22z' fill='{colour}' opacity='.7'/>"
        f"<rect x='60' y='76' width='120' height='130' rx='8' fill='{colour}'/>"
        f"<rect x='56' y='112' width='128' height='58' rx='4' fill='#fff'/>"
        + label_text(lines, 120, 114, 122)
    )


def decoration(fmt: str, colour: str) -> str:
    """A small sign of the format next to the pot: capsule, tablet or gummy."""
    if fmt in {"gelules", "capsules"}:
        return (
            f"<g transform='rotate(-35 200 200)'><rect x='184' y='192' width='36' height='16' "
            f"rx='8' fill='#fff' stroke='{colour}' stroke-width='3'/>"
            f"<path d='M202 192h10a8 8 0 0 1 0 16h-10z' fill='{colour}'/></g>"
        )
    if fmt == "comprimes":
        return (
            f"<circle cx='204' cy='200' r='14' fill='#fff' stroke='{colour}' stroke-width='3'/>"
            f"<path d='M194 200h20' stroke='{colour}' stroke-width='2'/>"
        )
    if fmt == "gommes":
        return f"<rect x='190' y='186' width='26' height='26' rx='9' fill='{colour}' opacity='.8'/>"
    return ""


def svg(product: dict, colour: str) -> str:
    fmt = product["format"]
    lines = product["label"]
    if fmt == "liquide":
        drawing = dropper(colour, lines)
    elif fmt == "accessoire":
        drawing = box(colour, lines)
    else:
        drawing = pot(colour, lines, wide=fmt == "poudre")
    return (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 240 240' role='img'>"
        f"<rect width='240' height='240' rx='18' fill='{colour}' opacity='.12'/>"
        f"<g {FONT} text-anchor='middle'>{drawing}</g>"
        f"{decoration(fmt, colour)}"
        f"<text x='120' y='232' {FONT} font-size='9' text-anchor='middle' fill='#3c4449' "
        "letter-spacing='1.5'>NUTRIVIA LABS</text>"
        "</svg>\n"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    colours = {category["slug"]: category["colour"] for category in CATEGORIES}
    for product in PRODUCTS:
        content = svg(product, colours[product["category"]])
        (OUT / image_filename(product["slug"])).write_text(content, encoding="utf-8")
    print(f"{len(PRODUCTS)} pictogrammes écrits dans {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
