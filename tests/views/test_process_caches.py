"""The process's caches: every module-level one registers itself, and `caches.clear_all()`
empties them all (tests call it between tests instead of clearing each by hand)."""

import functools
import importlib
import pkgutil

import shop
from shop import caches
from shop.catalog.fragments import FragmentCache
from shop.shipping.services import seed_shipping_methods
from tests.conftest import csrf_token_from
from tests.factories import make_product

# Memos of values that never change and cost much to make again: not registered.
CONSTANT_MEMOS = {"shop.accounts.passwords._dummy_hash", "shop.catalog.search._statement",
                  "shop.notifications.services._inliner"}


def module_caches() -> dict[str, object]:
    """Every cache held at module level in the shop's modules, by dotted name."""
    found = {}
    for info in pkgutil.walk_packages(shop.__path__, "shop."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            dotted = f"{info.name}.{name}"
            if isinstance(value, functools._lru_cache_wrapper):
                if value.__module__ == info.name and dotted not in CONSTANT_MEMOS:
                    found[dotted] = value
            elif isinstance(value, FragmentCache) or (
                isinstance(value, dict) and name.endswith("_cache")
            ):
                found[dotted] = value
    return found


def entries(cache: object) -> int:
    if isinstance(cache, functools._lru_cache_wrapper):
        return cache.cache_info().currsize
    if isinstance(cache, FragmentCache):
        return len(cache._entries)
    return len(cache)


def test_pages_fill_the_caches_and_clear_all_empties_every_one(app, client, db):
    seed_shipping_methods()
    product = make_product(db, on_hand=30)
    db.session.commit()
    token = csrf_token_from(client.get(f"/produit/{product.slug}").text)
    client.get(f"/categorie/{product.category.slug}")
    line = {"csrf_token": token, "product_id": product.id, "quantity": 1}
    client.post("/panier/ajouter", data=line)
    assert product.name in client.get("/panier/?country=FR&postal_code=06510").text

    found = module_caches()
    assert {
        "shop.catalog.queries._menu_cache", "shop.shipping.services._rates_cache",
        "shop.catalog.fragments.fragments", "shop.cart.forms.country_options",
        "shop.shipping.estimate.french_holidays",
    } <= set(found)
    assert {name: entries(cache) for name, cache in found.items() if not entries(cache)} == {}
    assert len(app.extensions["shared_partials"]) > 0

    caches.clear_all()
    assert {name: entries(cache) for name, cache in found.items() if entries(cache)} == {}
    assert len(app.extensions["shared_partials"]) == 0


def test_a_bound_method_is_held_weakly_so_a_cache_goes_with_its_owner():
    class Owner:
        def __init__(self):
            self.cleared = 0

        def clear(self):
            self.cleared += 1

    owner = Owner()
    caches.register(owner.clear)
    caches.clear_all()
    assert owner.cleared == 1
    count = len(caches.registered())
    del owner
    assert len(caches.registered()) == count - 1
