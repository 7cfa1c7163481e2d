"""Cart operations on the stored cart: plain data in, plain data out, no request or session.

The stored cart (what the session keeps) is a list of ``[product_id, quantity, price_seen]``
lists: ids and quantities only, plus the last unit price shown (cents) so that a price change can
be announced with its old and new value. Every load re-reads the products in one query and
reconciles: malformed entries, unknown or unpublished products are dropped, quantities above the
units available (on hand less those allocated to orders) are reduced, price changes are noticed.
Prices always come from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import bindparam, select

from shop.catalog.availability import availability
from shop.catalog.models import Product
from shop.extensions import db, single_read
from shop.money import format_eur

MAX_QUANTITY = 199  # 200 or more of one product is refused (CGV art. 5.2.2)
MAX_LINES = 50
_MAX_ID = 2**31 - 1  # beyond an SQL integer: never sent to the database

StoredLine = list[int]  # [product_id, quantity, price_seen_cents]


class CartError(Exception):
    """A cart rule refused the change; the message is French and safe to show."""


@dataclass(frozen=True, slots=True)
class CartProduct:
    """What the cart, its quote and the checkout read of a product: one row, read afresh.

    A plain row, not an ORM object: the cart page is the busiest page that reads the database,
    and the long label texts stay there.
    """

    id: int
    slug: str
    name: str
    brand: str
    price_cents: int
    vat_rate: Decimal
    weight_grams: int
    available: int  # on hand less allocated: what may still be sold
    on_demand: bool
    supplier_delay_days: int | None
    sealed_hygiene: bool


@dataclass
class CartLine:
    """A product in the cart with its quantity, priced from the database."""

    product: CartProduct
    quantity: int

    @property
    def total_cents(self) -> int:
        """Unit price TTC times quantity."""
        return self.product.price_cents * self.quantity


@dataclass
class Cart:
    """The reconciled cart: lines, French notices to show once, and what to store back."""

    lines: list[CartLine] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def stored(self) -> list[StoredLine]:
        """The compact form kept in the session."""
        return [[ln.product.id, ln.quantity, ln.product.price_cents] for ln in self.lines]

    def line_for(self, product_id: int) -> CartLine | None:
        """The line of a product, if it is in the cart."""
        return next((ln for ln in self.lines if ln.product.id == product_id), None)


def available_stock(product: CartProduct | Product) -> int | None:
    """Units that may be ordered: those available of a stocked product, None (no cap) on demand."""
    return None if product.on_demand else max(0, product.available)


def max_quantity(product: CartProduct | Product) -> int:
    """The most that may be ordered: 199, or less for a stocked product with less stock."""
    stock = available_stock(product)
    return MAX_QUANTITY if stock is None else min(MAX_QUANTITY, stock)


def offered_quantity(product: Product) -> int:
    """The most a catalogue page's add-to-cart form offers: as much as the page says.

    The page shows « En stock » without a number, so the form offers 199 and the cart caps at the
    units available, with a notice; with only a few left it offers those few. It depends only on
    the displayed stock state, so a sale that leaves a product « En stock » changes no cached
    page (shop.catalog.revision).
    """
    if product.on_demand or availability(product).code == "in_stock":
        return MAX_QUANTITY
    return max(0, product.available)


def check_quantity(quantity: int) -> None:
    """Refuse anything but a whole number from 1 to 199 (CGV art. 5.2.2)."""
    if quantity > MAX_QUANTITY:
        raise CartError(
            "Impossible de commander 200 unités ou plus d'un même produit : nos conditions "
            "générales de vente (article 5.2.2) excluent la vente en gros. "
            f"Quantité maximale : {MAX_QUANTITY}."
        )
    if quantity < 1:
        raise CartError(f"La quantité doit être un nombre entier entre 1 et {MAX_QUANTITY}.")


def parse_stored(raw: object) -> tuple[list[StoredLine], bool]:
    """Keep the well-formed entries of a stored cart; say whether anything was dropped."""
    if raw is None:
        return [], False
    if not isinstance(raw, list):
        return [], True
    entries: list[StoredLine] = []
    seen: set[int] = set()
    for entry in raw[:MAX_LINES]:
        if _well_formed(entry) and entry[0] not in seen:
            seen.add(entry[0])
            entries.append(list(entry))
    return entries, len(entries) != len(raw)


def _well_formed(entry: object) -> bool:
    """Three plain ints: a possible id, a quantity from 1 to 199, a price not negative."""
    return (
        isinstance(entry, list)
        and len(entry) == 3
        and all(type(value) is int for value in entry)
        and 1 <= entry[0] <= _MAX_ID
        and 1 <= entry[1] <= MAX_QUANTITY
        and 0 <= entry[2] <= _MAX_ID
    )


def item_count(raw: object) -> int:
    """Units in a stored cart, without touching the database (for the header)."""
    return sum(entry[1] for entry in parse_stored(raw)[0])


# The published products among a set of ids, as CartProduct rows. Built once: the statement and
# its compiled form are reused by every cart display.
_CART_PRODUCTS = select(
    *(getattr(Product, name).label(name) for name in CartProduct.__dataclass_fields__)
).where(Product.id.in_(bindparam("ids", expanding=True)), Product.is_published.is_(True))


def _products(ids: Iterable[int], *, read_only: bool = False) -> dict[int, CartProduct]:
    """The published products among ``ids``, in one query.

    Through the session's connection (its transaction: the checkout reads what it then locks),
    without the ORM's execution layer, which plain rows do not need. A page that only shows the
    cart reads in autocommit instead (shop.extensions.single_read): one round trip, not three.
    """
    wanted = sorted({i for i in ids if 1 <= i <= _MAX_ID})
    if not wanted:
        return {}
    if read_only:
        with single_read() as connection:
            rows = connection.execute(_CART_PRODUCTS, {"ids": wanted}).all()
    else:
        rows = db.session.connection().execute(_CART_PRODUCTS, {"ids": wanted})
    return {row[0]: CartProduct(*row) for row in rows}


def load_cart(
    raw: object, extra_ids: Iterable[int] = (), *, read_only: bool = False
) -> tuple[Cart, dict[int, CartProduct]]:
    """Reconcile a stored cart with the database; also load the products of ``extra_ids``.
    ``read_only``: the caller only shows the cart and writes nothing in this transaction."""
    entries, dropped = parse_stored(raw)
    products = _products([entry[0] for entry in entries] + list(extra_ids), read_only=read_only)
    cart = Cart()
    if dropped:
        cart.notices.append(
            "Votre panier contenait des données invalides : elles ont été retirées."
        )
    for product_id, quantity, price_seen in entries:
        product = products.get(product_id)
        if product is None:
            cart.notices.append(
                "Un produit qui n'est plus disponible a été retiré de votre panier."
            )
            continue
        line = _reconciled_line(product, quantity, price_seen, cart.notices)
        if line is not None:
            cart.lines.append(line)
    return cart, products


def _reconciled_line(
    product: CartProduct, quantity: int, price_seen: int, notices: list[str]
) -> CartLine | None:
    """The line as it can stand now, with a notice for each thing that changed."""
    stock = available_stock(product)
    if stock == 0:
        notices.append(f"« {product.name} » n'est plus en stock et a été retiré de votre panier.")
        return None
    if stock is not None and quantity > stock:
        notices.append(
            f"Plus que {stock} en stock pour « {product.name} » : "
            f"la quantité a été ramenée à {stock}."
        )
        quantity = stock
    if price_seen and price_seen != product.price_cents:
        notices.append(
            f"Le prix de « {product.name} » a changé : {format_eur(price_seen)} "
            f"→ {format_eur(product.price_cents)}."
        )
    return CartLine(product, quantity)


def add_line(raw: object, product_id: int, quantity: int, *, read_only: bool = False) -> Cart:
    """Add units of a product; raise CartError when a rule refuses the change. `read_only`:
    the caller writes nothing in the database (the session cart), see load_cart."""
    check_quantity(quantity)
    cart, products = load_cart(raw, extra_ids=[product_id], read_only=read_only)
    product = products.get(product_id)
    if product is None:
        raise CartError("Ce produit n'est pas disponible à la vente.")
    line = cart.line_for(product_id)
    if line is None:
        if len(cart.lines) >= MAX_LINES:
            raise CartError(
                f"Votre panier compte déjà {MAX_LINES} produits différents, "
                "le maximum pour une commande."
            )
        line = CartLine(product, 0)
        cart.lines.append(line)
    check_quantity(line.quantity + quantity)
    _set(cart, line, line.quantity + quantity)
    return cart


def set_quantities(raw: object, quantities: dict[int, int], *, read_only: bool = False) -> Cart:
    """Change the quantities of lines already in the cart (the cart page sends them all at
    once); raise CartError, changing nothing, if any of them is refused."""
    for quantity in quantities.values():
        check_quantity(quantity)
    cart, _ = load_cart(raw, read_only=read_only)
    for product_id, quantity in quantities.items():
        line = cart.line_for(product_id)
        if line is None:
            raise CartError("Ce produit n'est pas dans votre panier.")
        _set(cart, line, quantity)
    return cart


def _set(cart: Cart, line: CartLine, quantity: int) -> None:
    """Apply a checked quantity, capped at the available stock (refused when there is none)."""
    stock = available_stock(line.product)
    if stock == 0:
        raise CartError(f"« {line.product.name} » est en rupture de stock.")
    if stock is not None and quantity > stock:
        cart.notices.append(
            f"Plus que {stock} en stock pour « {line.product.name} » : quantité limitée à {stock}."
        )
        quantity = stock
    line.quantity = quantity


def remove_line(raw: object, product_id: int, *, read_only: bool = False) -> Cart:
    """Remove a product from the cart (nothing happens if it is not there)."""
    cart, _ = load_cart(raw, read_only=read_only)
    cart.lines = [line for line in cart.lines if line.product.id != product_id]
    return cart
