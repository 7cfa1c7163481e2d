"""The shop's in-process caches: one registry to empty them all, and an LRU bounded in bytes.

Every module that keeps data in the process (the category menu for a minute, rendered
fragments, a memoised calculation) registers the function that empties it, and `clear_all()`
empties every one: between tests, or in a shell after a change made outside the app.
"""

import enum
import gc
import inspect
import sys
import threading
import types
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
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


# Objects every cache entry may point to without keeping them alive: not counted.
_SHARED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, enum.Enum)


def weigh(*objects: object, limit: int = sys.maxsize) -> int:
    """Bytes taken by objects and everything they reference (classes, functions and enum
    members excepted), each object counted once; the count stops once it passes ``limit``."""
    seen: set[int] = set()
    pending = list(objects)
    total = 0
    while pending and total <= limit:
        obj = pending.pop()
        if id(obj) in seen or isinstance(obj, _SHARED):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        pending.extend(gc.get_referents(obj))
    return total


class BytesLRU:
    """A least-recently-used cache bounded by the bytes its entries take, not their number.

    An entry weighs its key and its value with everything they reference (``weigh``); the
    least recently used entries go until the total fits in ``max_bytes``, and an entry larger
    than the whole budget is not kept. Thread-safe: the development server runs requests in
    threads.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        """The value stored under key (now the most recently used), or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: object) -> None:
        """Store value under key, then drop the least recently used entries beyond the budget."""
        size = weigh(key, value, limit=self.max_bytes)
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.size -= previous[1]
            if size > self.max_bytes:
                return
            self._entries[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _key, (_value, freed) = self._entries.popitem(last=False)
                self.size -= freed

    def __iter__(self) -> Iterator[Hashable]:
        """The keys, least recently used first."""
        with self._lock:
            return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0
