"""Caches bounded in bytes: an entry weighs its key and value with all they reference; the
least recently used go when the budget is passed."""

import sys
from dataclasses import dataclass

from shop.caches import BytesLRU, weigh
from shop.catalog.fragments import Fragment, FragmentCache
from shop.shipping.zones import Zone


def test_weigh_counts_what_is_referenced_once_but_not_classes_or_enum_members():
    text = "x" * 10_000
    assert weigh(text) == sys.getsizeof(text)
    assert weigh((text, text)) == sys.getsizeof((text, text)) + sys.getsizeof(text)
    assert weigh((Zone.METRO,)) == sys.getsizeof((Zone.METRO,))

    @dataclass(frozen=True, slots=True)
    class Row:
        name: str

    assert weigh(Row(text)) >= sys.getsizeof(text)  # a row's fields count, its class does not
    assert weigh(Row(text)) < sys.getsizeof(text) + 200


def test_the_least_recently_used_entries_go_when_the_byte_budget_is_passed():
    one = weigh("a", "x" * 1000)
    cache = BytesLRU(max_bytes=3 * one)
    for key in "abc":
        cache.put(key, "x" * 1000)
    assert (list(cache), cache.size) == (["a", "b", "c"], 3 * one)
    assert cache.get("a") == "x" * 1000  # now the most recently used
    cache.put("d", "x" * 1000)
    assert list(cache) == ["c", "a", "d"] and cache.get("b") is None
    cache.put("e", "x" * 2000)  # twice as heavy: two entries make room
    assert list(cache) == ["d", "e"] and cache.size <= cache.max_bytes


def test_a_count_bound_alone_would_keep_a_few_big_entries_a_byte_bound_does_not():
    cache = BytesLRU(max_bytes=100_000)
    for number in range(1000):
        cache.put(number, "x" * 50)  # small entries: many fit
    assert len(cache) > 500
    for number in range(10):
        cache.put(("big", number), "x" * 30_000)  # each a third of the budget
    assert cache.size <= 100_000 and len(cache) <= 3


def test_an_entry_larger_than_the_whole_budget_is_not_kept_and_replacing_recounts():
    cache = BytesLRU(max_bytes=5_000)
    cache.put("small", "x" * 100)
    cache.put("huge", "x" * 10_000)
    assert list(cache) == ["small"]
    cache.put("small", "x" * 1_000)
    assert cache.size == weigh("small", "x" * 1_000)
    cache.clear()
    assert (len(cache), cache.size) == (0, 0)


def test_the_fragment_cache_keeps_pages_within_its_byte_budget(monkeypatch):
    page = Fragment(title="Vitamines", description="", html="<li>produit</li>" * 1_000)
    cache = FragmentCache(max_bytes=3 * weigh(("category", "a"), ((1,), page)))
    monkeypatch.setattr(cache, "revision", lambda: (1,))
    for slug in "abcd":
        cache.get_or_build(("category", slug), lambda: page)
    assert list(cache._entries) == [("category", slug) for slug in "bcd"]
    built = []
    cache.get_or_build(("category", "a"), lambda: built.append(1) or page)
    assert built == [1]  # the evicted page is built again
