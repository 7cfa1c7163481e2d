"""Draw the demo products' pictures into static/img/products/ (one small SVG per product).

Run from the repository root after changing the demo data:
    .venv/bin/python scripts/make_product_svgs.py [--out FOLDER]
The files are committed (a test checks they are what this script draws); the seed only
references them. Each product family has its own pack (``pack_shape`` in shop/catalog/demo.py:
jar, bottle, dropper, spray, box, tub, sachet) in its category's colour, with a white label
carrying the brand and the product's two label lines (``label`` in the demo data). Sizes are in
viewBox units, which are CSS pixels on a 240 px product card: the smallest text is 12 px there.

The output depends on the demo data only: no date, no measure of installed fonts (text widths
are estimated from DejaVu Sans Bold, wider than the usual system fonts), no external reference.
The SVG names itself (role img and a title equal to the image's alt text); the pages show it
through <img>, whose alt is the one that counts.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shop.catalog.demo import image_alt, image_filename, pack_shape  # noqa: E402
from shop.catalog.demo_data import BRAND, CATEGORIES, PRODUCTS  # noqa: E402

OUT = ROOT / "static" / "img" / "products"
# The storefront's font stack (static/css/shop.css), local fonts only.
FONT = "system-ui,-apple-system,Segoe UI,Roboto,DejaVu Sans,sans-serif"
INK = "#1d2522"  # the shop's --ink
MUTED = "#4f5b56"  # the shop's --muted, 7:1 on white
BRAND_SIZE = 12
NAME_SIZES = (16, 22)  # first label line, bold: smallest, largest
DETAIL_SIZES = (13, 16)  # second label line
LABEL_HEIGHT = 80

# Advance widths in em of DejaVu Sans Bold, by class of character (regular text: 0.9 of it).
_NARROW, _MEDIUM, _WIDE = set("iljI'.,:;|!"), set("ftr -"), set("mwMW")


class Box(NamedTuple):
    x: float
    y: float
    w: float
    h: float = LABEL_HEIGHT


def text_width(text: str, size: float, *, bold: bool = True, spacing: float = 0) -> float:
    """Estimated width of ``text`` at ``size`` (``spacing``: its letter-spacing), on the wide
    side."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.35
        elif char in _MEDIUM:
            ems += 0.49
        elif char in _WIDE:
            ems += 1.04
        elif char.isdigit():
            ems += 0.7
        elif char.isupper():
            ems += 0.82
        elif char in "+µ":
            ems += 0.84
        else:
            ems += 0.72
    return ems * size * (1 if bold else 0.9) + spacing * len(text)


def fit(
    text: str, width: float, sizes: tuple[float, float], *, bold: bool = True, spacing: float = 0
) -> float:
    """The largest size in ``sizes`` (by half pixels) at which ``text`` holds in ``width``."""
    smallest, size = sizes
    while text_width(text, size, bold=bold, spacing=spacing) > width:
        size -= 0.5
        if size < smallest:
            raise ValueError(f"label line too long for its pack: {text!r}")
    return size


def num(value: float) -> str:
    return f"{round(value, 1):g}"


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0 to 1) of the way towards ``other``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def text(x: float, y: float, size: float, content: str, extra: str = "") -> str:
    return (
        f"<text x='{num(x)}' y='{num(y)}' font-size='{num(size)}'{extra}>"
        f"{escape(content)}</text>"
    )


def label(box: Box, lines: tuple[str, str], colour: str, outline: str = "") -> str:
    """The white label: brand, a rule in the category's colour, the product's two lines."""
    first, second = lines
    cx, width = box.x + box.w / 2, box.w - 12
    shape = outline or (
        f"<rect x='{num(box.x)}' y='{num(box.y)}' width='{num(box.w)}' height='{num(box.h)}' "
        "rx='4' fill='#fff'/>"
    )
    parts = [
        "<g class='label'>",
        shape,
        f"<rect x='{num(cx - 18)}' y='{num(box.y + 23)}' width='36' height='3' rx='1.5' "
        f"fill='{colour}'/>",
        f"<g font-family='{FONT}' text-anchor='middle'>",
        text(cx, box.y + 17, fit(BRAND.upper(), width, (BRAND_SIZE, BRAND_SIZE), spacing=1),
             BRAND.upper(), f" font-weight='600' letter-spacing='1' fill='{MUTED}'"),
    ]
    bold = f" font-weight='700' fill='{INK}'"
    if second:
        parts.append(text(cx, box.y + 47, fit(first, width, NAME_SIZES), first, bold))
        size = fit(second, width, DETAIL_SIZES, bold=False)
        parts.append(text(cx, box.y + 68, size, second, f" fill='{INK}'"))
    else:
        size = fit(first, width, (NAME_SIZES[0], NAME_SIZES[1] + 2))
        parts.append(text(cx, box.y + 58, size, first, bold))
    parts.append("</g></g>")
    return "".join(parts)


def highlight(x: float, y: float, h: float) -> str:
    """A glossy strip down the left of a pack."""
    return f"<rect x='{x}' y='{y}' width='9' height='{h}' rx='4.5' fill='#fff' opacity='.3'/>"


def ridges(x0: int, x1: int, y: int, h: int, colour: str) -> str:
    """The grip lines of a screw cap."""
    d = "".join(f"M{x} {y}v{h}" for x in range(x0, x1 + 1, 10))
    return f"<path d='{d}' stroke='{colour}' stroke-width='3' opacity='.35'/>"


def jar(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A capsule jar: screw cap, short neck, rounded body, a label all around."""
    dark = mix(colour, INK, 0.55)
    return (
        f"<rect x='58' y='20' width='124' height='36' rx='7' fill='{dark}'/>"
        + ridges(70, 170, 26, 24, "#fff")
        + f"<rect x='66' y='54' width='108' height='10' fill='{mix(colour, INK, 0.3)}'/>"
        f"<rect x='42' y='60' width='156' height='162' rx='22' fill='{colour}'/>"
        + highlight(52, 74, 134)
        + label(Box(42, 100, 156), lines, colour)
    )


def bottle(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A bottle with shoulders and a narrow neck, for the oils."""
    dark = mix(colour, INK, 0.55)
    return (
        f"<rect x='84' y='14' width='72' height='34' rx='6' fill='{dark}'/>"
        + ridges(94, 144, 20, 22, "#fff")
        + f"<rect x='92' y='46' width='56' height='14' fill='{mix(colour, INK, 0.3)}'/>"
        f"<path d='M92 58h56c0 16 48 14 48 38v110a16 16 0 0 1-16 16H60a16 16 0 0 1-16-16V96"
        f"c0-24 48-22 48-38z' fill='{colour}'/>"
        + highlight(54, 100, 108)
        + label(Box(44, 114, 152), lines, colour)
    )


def dropper(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A dropper bottle: rubber bulb over a ribbed collar."""
    return (
        f"<rect x='104' y='10' width='32' height='42' rx='15' fill='{INK}'/>"
        + _small_bottle(colour, lines)
    )


def spray(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A spray bottle: pump head with its nozzle and a puff of mist."""
    return (
        f"<rect x='100' y='20' width='40' height='32' rx='8' fill='{INK}'/>"
        f"<rect x='136' y='28' width='18' height='9' rx='3' fill='{INK}'/>"
        f"<g fill='{colour}' opacity='.6'><circle cx='164' cy='32' r='3'/>"
        "<circle cx='174' cy='26' r='2.5'/><circle cx='175' cy='38' r='2.5'/>"
        "<circle cx='184' cy='32' r='2'/></g>"
        + _small_bottle(colour, lines)
    )


def _small_bottle(colour: str, lines: tuple[str, str]) -> str:
    dark = mix(colour, INK, 0.55)
    return (
        f"<rect x='90' y='46' width='60' height='28' rx='5' fill='{dark}'/>"
        + ridges(100, 140, 50, 20, "#fff")
        + f"<path d='M92 72h56c0 12 42 12 42 32v102a14 14 0 0 1-14 14H64a14 14 0 0 1-14-14V104"
        f"c0-20 42-20 42-32z' fill='{colour}'/>"
        + highlight(60, 110, 96)
        + label(Box(50, 120, 140), lines, colour)
    )


def box(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A carton in three-quarter view; tablets show their blister under the label."""
    drawing = (
        f"<path d='M30 62l26-26h156l-26 26z' fill='{mix(colour, '#ffffff', 0.35)}'/>"
        f"<path d='M186 62l26-26v160l-26 26z' fill='{mix(colour, INK, 0.35)}'/>"
        f"<rect x='30' y='62' width='156' height='160' rx='2' fill='{colour}'/>"
    )
    if product["format"] == "comprimes":
        cells = "".join(f"<circle cx='{x}' cy='197' r='9'/>" for x in range(66, 160, 28))
        return (
            drawing
            + label(Box(30, 84, 156), lines, colour)
            + "<rect x='46' y='180' width='124' height='34' rx='5' fill='#e3e8ea'/>"
            + f"<g fill='#fff' stroke='#aab4b9' stroke-width='2'>{cells}</g>"
        )
    return drawing + label(Box(30, 102, 156), lines, colour)


def tub(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A wide powder tub tapering to its base, under a broad lid."""
    dark = mix(colour, INK, 0.55)

    def left(y: float) -> float:  # the body's left edge at height y
        return 30 + 8 * (y - 78) / 134

    top, bottom = 102.0, 102.0 + LABEL_HEIGHT
    outline = (
        f"<path d='M{num(left(top))} {num(top)}H{num(240 - left(top))}"
        f"L{num(240 - left(bottom))} {num(bottom)}H{num(left(bottom))}z' fill='#fff'/>"
    )
    return (
        f"<path d='M30 76h180l-8 136a10 10 0 0 1-10 10H48a10 10 0 0 1-10-10z' fill='{colour}'/>"
        f"<rect x='24' y='44' width='192' height='36' rx='8' fill='{dark}'/>"
        + ridges(36, 206, 50, 24, "#fff")
        + highlight(44, 86, 120)
        + label(Box(left(bottom), top, 240 - 2 * left(bottom)), lines, colour, outline)
    )


def sachet(colour: str, lines: tuple[str, str], product: dict[str, Any]) -> str:
    """A stand-up pouch: sealed top, zip, a window on the gummies, a gusset at the base."""
    dark = mix(colour, INK, 0.35)
    gummies = "".join(
        f"<rect x='{x}' y='{y}' width='20' height='20' rx='7' fill='{fill}'/>"
        for x, y, fill in (
            (88, 68, mix(colour, "#ffffff", 0.35)),
            (110, 74, dark),
            (132, 66, mix(colour, "#ffffff", 0.15)),
        )
    )
    return (
        f"<path d='M44 22h152l6 176c1 16-10 24-24 24H62c-14 0-25-8-24-24z' fill='{colour}'/>"
        f"<rect x='44' y='22' width='152' height='16' fill='{dark}'/>"
        f"<path d='M50 50h140' stroke='{dark}' stroke-width='3'/>"
        "<ellipse cx='120' cy='81' rx='46' ry='20' fill='#fff' opacity='.85'/>"
        + gummies
        + highlight(50, 60, 130)
        + label(Box(48, 112, 144), lines, colour)
        + f"<path d='M46 204q74 12 148 0' stroke='{dark}' stroke-width='2' fill='none'/>"
    )


SHAPES: dict[str, Callable[[str, tuple[str, str], dict[str, Any]], str]] = {
    "jar": jar,
    "bottle": bottle,
    "dropper": dropper,
    "spray": spray,
    "box": box,
    "tub": tub,
    "sachet": sachet,
}


def svg(product: dict[str, Any], colour: str) -> str:
    """The product's picture: its pack, in its category's colour, on a light tint of it."""
    shape = pack_shape(product)
    drawing = SHAPES[shape](colour, product["label"], product)
    return (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 240 240' role='img' lang='fr'>"
        f"<title>{escape(image_alt(product))}</title>"
        f"<rect width='240' height='240' rx='18' fill='{mix(colour, '#ffffff', 0.88)}'/>"
        "<ellipse cx='120' cy='224' rx='88' ry='7' fill='#000' opacity='.08'/>"
        f"<g data-pack='{shape}'>"
        + drawing
        + "</g></svg>\n"
    )


def write_all(out: Path) -> list[Path]:
    """Write every demo product's picture into ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    colours = {category["slug"]: category["colour"] for category in CATEGORIES}
    written = []
    for product in PRODUCTS:
        path = out / image_filename(product["slug"])
        path.write_bytes(svg(product, colours[product["category"]]).encode("utf-8"))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder (static/img/products)")
    out = parser.parse_args(argv).out
    written = write_all(out)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} images écrites dans {out} ({total} octets)")


if __name__ == "__main__":
    main()
