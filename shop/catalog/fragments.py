"""Rendered storefront fragments, cached in each worker and keyed by the catalogue's revision.

The listing and product pages are the same for every visitor but for the header (cart, account)
and the CSRF token of their forms. Their main part is rendered once per catalogue revision and
reused. The revision is a counter moved in the same transaction as every change of what these
pages show (shop.catalog.revision); it is read at most once per CATALOG_REVISION_TTL seconds
(1 s in production, 0 in tests), so a price or stock state change shows within that delay, and
between two reads a cache hit sends no SQL at all.

Forms inside a cached fragment carry a placeholder instead of the CSRF token; it is replaced by
the visitor's own token when the page is served.

What depends on the moment or on the visitor (the delivery estimate of an order placed now, the
« Prévenez-moi » form prefilled with a customer's address) is never baked into a fragment: the
fragment marks its place with `live_slot(name, argument)` and the view renders it at each
request (`Fragment.body(slots)`).
"""

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import current_app, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from shop import caches
from shop.catalog.revision import current_revision

CSRF_PLACEHOLDER = "__csrf_token_placeholder__"
_LIVE_SLOT = re.compile(r"<!--live-slot:(\w+):([\w-]*)-->")
# A product page weighs about 13 KB, a category page of 24 products about 21 KB: the demo's
# 44 products and 8 categories in their 3 orders take about 1 MiB.
MAX_BYTES = 3 * 1024 * 1024


@dataclass(frozen=True)
class Fragment:
    title: str
    description: str
    html: str

    def body(self, slots: Mapping[str, Callable[[str], str]] | None = None) -> Markup:
        """The HTML with the current visitor's CSRF token in its forms and its live slots
        rendered now (a slot without a renderer is left empty)."""
        html = self.html
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
        if "<!--live-slot:" in html:
            renderers = slots or {}
            html = _LIVE_SLOT.sub(
                lambda found: str(renderers[found[1]](found[2])) if found[1] in renderers else "",
                html,
            )
        return Markup(html)  # noqa: S704 - rendered by Jinja with autoescape, slots too


class FragmentCache:
    def __init__(self, max_bytes: int = MAX_BYTES):
        self._entries = caches.BytesLRU(max_bytes)
        self._revision = -1
        self._revision_read_at = float("-inf")

    def revision(self) -> int:
        """The catalogue's revision, re-read from the database at most once per TTL."""
        ttl = current_app.config.get("CATALOG_REVISION_TTL", 1.0)
        now = time.monotonic()
        if now - self._revision_read_at >= ttl:
            self._revision = current_revision()
            self._revision_read_at = now
        return self._revision

    def get_or_build(self, key: tuple, build: Callable[[], Fragment | None]) -> Fragment | None:
        """The cached fragment for key at the current revision, or build (None is not kept)."""
        revision = self.revision()
        cached = self._entries.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1]
        fragment = build()
        if fragment is not None:
            self._entries.put(key, (revision, fragment))
        return fragment

    def clear(self) -> None:
        self._entries.clear()
        self._revision_read_at = float("-inf")


fragments = FragmentCache()
caches.register(fragments.clear)


def live_slot(name: str, argument: object = "") -> Markup:
    """The mark of a part rendered at each request (name: a word; argument: digits, letters,
    dashes), replaced in `Fragment.body`."""
    marker = f"<!--live-slot:{name}:{argument}-->"
    if not _LIVE_SLOT.fullmatch(marker):
        raise ValueError(f"bad live slot {marker!r}")
    return Markup(marker)  # noqa: S704 - checked above: word characters only


def render_fragment(template: str, **context) -> str:
    """Render a template whose forms get the CSRF placeholder instead of a token."""
    return render_template(
        template, csrf_token=lambda: CSRF_PLACEHOLDER, live_slot=live_slot, **context
    )
