"""Pages this worker stored or served, kept in its own memory.

A hit on a page held here reads two small keys instead of the page and the
version of everything it depends on: the cache's *clock* and the held pages'
*epoch*.

- The clock is given a new random value by every bump, in the same write as
  the versions it changes (``dependencies.bump``). A held page remembers the
  clock it read before it last checked every version its page depends on:
  while the clock still has that value, nothing was bumped since, so every
  version is as it was checked. Once the clock has moved, the page is checked
  again as one read from the cache (and taken from the cache when another
  worker stored a newer copy).
- The epoch is a token kept in the cache itself, as the fragments' is
  (``articles/fragments.py``): a cache emptied, or a new cache generation,
  has none or another one, and this worker then forgets every page it holds,
  as the cache did. (The clock alone would already refuse them: it is gone
  too, and a new one never takes an old value. The epoch frees the memory
  and keeps the rule "nothing outlives the cache" independent of that.)

A held page is only ever served on the clock; when the clock has moved, the
cache's copy is read and checked, never the held one, so what a held page
is checked against is exactly what a page read from the cache would be.

A page stays held only while it would be served from the cache: its
freshness (``PAGE_CACHE_SECONDS``) and the earliest scheduled time among its
dependencies' pending dues are kept with it, so an embargo lifting outdates
it without any bump. Memory is bounded by ``PAGE_LOCAL_CACHE_BYTES`` (the
pages' bodies and headers plus an allowance per page and per dependency): past it, the page used
least recently is dropped first.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from articles.page_cache.dependencies import PREFIX, clock_seen

EPOCH = f"{PREFIX}epoch"
# Roughly what a dependency costs held (its name, token and dict slot), and
# what a page costs beside its body and header text (the entry, the held
# page, two header containers: about 3 KB measured with tracemalloc).
_BYTES_PER_DEPENDENCY = 200
_BYTES_PER_PAGE = 3000


@dataclass(slots=True)
class HeldPage:
    entry: dict  # as stored in the cache: stored_at, deps, status, headers, content
    size: int
    epoch: str
    clock: str | None  # read before every version was last checked; None: check them
    next_due: float  # the earliest pending due time after the page was stored
    headers: dict  # as a response keeps them (header_store)


_pages: OrderedDict[str, HeldPage] = OrderedDict()

_size = [0]
_epoch: list[str | None] = [None]
_epoch_unwritten = [False]
_lock = threading.Lock()


def get(key: str) -> HeldPage | None:
    return _pages.get(key) if _epoch[0] is not None else None


def still_unchanged(page: HeldPage, clock, epoch, now: float) -> bool:
    """Whether ``page`` may be served with the clock and epoch just read, as
    fresh as a page read from the cache with its versions."""
    return (
        clock is not None
        and clock == page.clock
        and epoch == page.epoch
        and now - page.entry["stored_at"] < settings.PAGE_CACHE_SECONDS
        and now < page.next_due
    )


def next_due(entry: dict, versions: dict) -> float:
    """The earliest pending due time of ``entry``'s dependencies after it was stored (inf: none)."""
    stored_at = entry["stored_at"]
    return min(
        (t for name in entry["deps"] for t in versions.get(name, (0, ()))[1] if t > stored_at),
        default=float("inf"),
    )


def header_store(headers) -> dict:
    """A response's headers as Django's ResponseHeaders keeps them, from ``response.items()``."""
    return {name.lower(): (name, value) for name, value in headers}


def keep(key: str, entry: dict, versions: dict, clock) -> None:
    """Hold ``entry`` (valid at ``versions``), checked against every version after ``clock`` was read."""
    epoch = _epoch[0]
    limit = settings.PAGE_LOCAL_CACHE_BYTES
    size = (
        _BYTES_PER_PAGE
        + len(entry["content"])
        + _BYTES_PER_DEPENDENCY * len(entry["deps"])
        + sum(len(name) + len(value) for name, value in entry["headers"])
    )
    if epoch is None or size > limit:
        return
    page = HeldPage(entry, size, epoch, clock, next_due(entry, versions), header_store(entry["headers"]))
    with _lock:
        if (old := _pages.pop(key, None)) is not None:
            _size[0] -= old.size
        while _pages and _size[0] + size > limit:
            _size[0] -= _pages.popitem(last=False)[1].size
        _pages[key] = page
        _size[0] += size


def touch(key: str) -> None:
    """``key`` was just served: the last page to drop."""
    try:
        _pages.move_to_end(key)
    except KeyError:  # dropped meanwhile by another thread
        pass


def drop(key: str) -> None:
    with _lock:
        if (old := _pages.pop(key, None)) is not None:
            _size[0] -= old.size


def held_bytes() -> int:
    return _size[0]


def _forget_pages() -> None:
    with _lock:
        _pages.clear()
        _size[0] = 0


def forget() -> None:
    """Forget every page held, the epoch and the clock seen (as in a new process)."""
    _forget_pages()
    _epoch[0], _epoch_unwritten[0] = None, False
    clock_seen[0] = None


def epoch_read(value) -> None:
    """The epoch as just read from the cache (None: it has none): pages held under another are forgotten."""
    if value is not None and value == _epoch[0]:
        return
    _forget_pages()
    if value is None:
        # An emptied cache: a new epoch, written with this worker's next page.
        _epoch[0], _epoch_unwritten[0] = uuid.uuid4().hex, True
    else:
        _epoch[0], _epoch_unwritten[0] = value, False


def epoch_write() -> dict:
    """The epoch to write with a page, if this worker made it: ``{key: (value, timeout)}``."""
    if _epoch_unwritten[0] and _epoch[0] is not None:
        _epoch_unwritten[0] = False
        return {EPOCH: (_epoch[0], None)}
    return {}
