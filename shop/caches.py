"""The shop's in-process caches: one registry to empty them all.

Every module that keeps data in the process (the category menu for a minute, rendered
fragments, a memoised calculation) registers the function that empties it, and `clear_all()`
empties every one: between tests, or in a shell after a change made outside the app.
"""

import inspect
import weakref
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[[], None])
_clearers: list[Callable[[], Callable[[], None] | None]] = []


def register(clear: F) -> F:
    """Remember a cache's clear function; usable as a decorator. A bound method is held weakly,
    so that the cache of an application goes away with it."""
    if inspect.ismethod(clear):
        _clearers.append(weakref.WeakMethod(clear))
    else:
        _clearers.append(lambda: clear)
    return clear


def registered() -> list[Callable[[], None]]:
    """The clear functions of the caches alive now."""
    alive = [ref() for ref in _clearers]
    return [clear for clear in alive if clear is not None]


def clear_all() -> None:
    """Empty every registered cache."""
    _clearers[:] = [ref for ref in _clearers if ref() is not None]
    for clear in registered():
        clear()
