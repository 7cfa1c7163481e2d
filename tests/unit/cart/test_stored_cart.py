"""The stored cart (session form): malformed content is dropped, never trusted."""

import pytest

from shop.cart.services import MAX_LINES, CartError, check_quantity, item_count, parse_stored


def test_well_formed_cart_is_kept():
    raw = [[1, 2, 1990], [7, 199, 0]]
    assert parse_stored(raw) == ([[1, 2, 1990], [7, 199, 0]], False)
    assert item_count(raw) == 201


@pytest.mark.parametrize("raw", [None, []])
def test_empty(raw):
    assert parse_stored(raw) == ([], False)
    assert item_count(raw) == 0


@pytest.mark.parametrize(
    "raw",
    [
        "1:2",
        {"1": 2},
        12,
        [[1, 0, 100]],
        [[1, -1, 100]],
        [[1, 200, 100]],
        [[1, 10**9, 100]],
        [[0, 1, 100]],
        [[-5, 1, 100]],
        [[2**40, 1, 100]],
        [["1", 1, 100]],
        [[1, "2", 100]],
        [[1, 2.0, 100]],
        [[1, True, 100]],
        [[1, 2]],
        [[1, 2, 3, 4]],
        [[1, 2, -1]],
        [None],
        [[1, 1, 100], [1, 5, 100]],  # the same product twice: the first entry wins
    ],
)
def test_tampered_content_is_dropped_and_reported(raw):
    entries, dropped = parse_stored(raw)
    assert dropped
    assert all(entry[0] == 1 and entry[1] == 1 for entry in entries)


def test_lines_beyond_the_maximum_are_dropped():
    raw = [[i, 1, 100] for i in range(1, MAX_LINES + 6)]
    entries, dropped = parse_stored(raw)
    assert dropped
    assert len(entries) == MAX_LINES


@pytest.mark.parametrize("quantity", [1, 2, 199])
def test_allowed_quantities(quantity):
    check_quantity(quantity)


def test_two_hundred_is_refused_citing_the_terms_of_sale():
    with pytest.raises(CartError, match=r"conditions générales de vente \(article 5\.2\.2\)"):
        check_quantity(200)
    with pytest.raises(CartError, match="5.2.2"):
        check_quantity(10**9)


@pytest.mark.parametrize("quantity", [0, -1])
def test_below_one_is_refused(quantity):
    with pytest.raises(CartError, match="entre 1 et 199"):
        check_quantity(quantity)
