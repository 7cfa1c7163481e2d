"""The demo products' pictures in a real browser (issue 21 item 8): with the fonts Chromium
picks for the storefront's stack, every line of every label holds inside its white label."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PICTURES = Path(__file__).resolve().parents[2] / "static" / "img" / "products"

# For each picture, the label texts whose box leaves the label's white shape (2 units inside).
OVERFLOWS = """() => {
  const out = [];
  for (const figure of document.querySelectorAll('figure')) {
    const label = figure.querySelector('g.label');
    const shape = label.firstElementChild;
    for (const text of label.querySelectorAll('text')) {
      const b = text.getBBox();
      const corners = [[b.x - 2, b.y - 2], [b.x + b.width + 2, b.y - 2],
                       [b.x - 2, b.y + b.height + 2], [b.x + b.width + 2, b.y + b.height + 2]];
      const inside = corners.every(([x, y]) => shape.isPointInFill(new DOMPoint(x, y)));
      if (!inside || b.width === 0) out.push(`${figure.id}: ${text.textContent}`);
    }
  }
  return out;
}"""


def test_every_label_line_fits_its_label(page):
    files = sorted(PICTURES.glob("*.svg"))
    assert len(files) >= 44
    figures = "".join(
        f"<figure id='{path.stem}' style='width:240px'>{path.read_text(encoding='utf-8')}</figure>"
        for path in files
    )
    page.set_content(f"<!doctype html><html lang='fr'><body>{figures}</body></html>")
    assert page.evaluate(OVERFLOWS) == []
