"""Whole-page caching for anonymous readers, with exact invalidation.

- ``dependencies``: what a page was made from (rows loaded, lists declared)
  and the versions of those names;
- ``middleware``: serving a page while every version it recorded is
  unchanged, storing it after a miss, and the last copy when the database
  is down;
- ``held``: the pages a worker also keeps in its memory, served while the
  cache's clock says no version changed;
- ``invalidation``: which versions each change bumps, from model signals.

Requests that carry a session cookie (editors) bypass the cache both ways and
are marked private; only cookie-less GET/HEAD requests are served from it.
The shared cache fails open (newsroom/redis_cache.py): without Redis, pages
are rendered from the database.
"""

import time  # noqa: F401 - tests move the page cache's clock through this name

from articles.page_cache.dependencies import (
    bump,
    collecting,
    declared,
    depends_on,
    read_versions,
    record_names,
    record_row,
    remember_versions,
    row_key,
    still_valid,
    versions_seen,
)
from articles.page_cache.invalidation import connect
from articles.page_cache.middleware import PageCacheMiddleware, _known_deps, forget_held

__all__ = [
    "PageCacheMiddleware",
    "_known_deps",
    "bump",
    "collecting",
    "connect",
    "declared",
    "depends_on",
    "forget_held",
    "read_versions",
    "record_names",
    "record_row",
    "remember_versions",
    "row_key",
    "still_valid",
    "versions_seen",
]
