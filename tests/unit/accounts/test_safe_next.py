"""`next` only ever points inside the shop; session renewal keeps only the cart."""

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.accounts.web import renew_session, safe_next


@pytest.mark.parametrize("target", ["/", "/panier", "/produit/omega-3?x=1&y=2#avis", "/compte/"])
def test_paths_inside_the_shop_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [None, "", "https://evil.example/", "//evil.example", "/\\evil.example", "\\/evil.example",
     "javascript:alert(1)", "data:text/html,x", "evil.example/path", "/\t/evil.example",
     "/\n/evil.example", " //evil.example", "http:/evil.example", "/" + "a" * 3000],
)
def test_anything_else_is_refused(target):
    assert safe_next(target) is None


@given(st.text(max_size=60))
def test_an_accepted_target_always_stays_on_the_shop_host(target):
    accepted = safe_next(target)
    if accepted is not None:
        resolved = urlsplit(urljoin("https://shop.example/compte/connexion", accepted))
        assert resolved.netloc == "shop.example" and resolved.scheme == "https"


def test_renew_session_keeps_only_the_cart(app):
    session = {"cart": {"1": 2}, "csrf_token": "old", "_user_id": "3:x", "_flashes": []}
    with app.test_request_context():
        renew_session(session)
    assert session == {"cart": {"1": 2}}
    with app.test_request_context():
        renew_session(session, keep=())
    assert session == {}
