"""Parts of readers' pages (story cards, the lead, navigation, sidebars, page
shells: ``page_shell.py``) cached between page renders, with the page cache's
exact invalidation.

A fragment is stored with the names it depends on (rows such as
``articles.article:7``, lists such as ``list:department:3``) and their
versions when it was rendered, the same versions the page cache keeps. It is
reused only while every one of those versions is unchanged (and no scheduled
story it depends on has come due since), so an edit, unpublishing, an embargo
lifting, a person or department renamed clears exactly the fragments that
showed it; after a publish a page re-renders the new story's card and
reassembles its lists from the cards it already has.

A fragment served from the cache loads no rows, so its names are handed to
the page cache's collector: the page that includes it depends on them as if
it had loaded them.

Every fragment's key carries the version of the templates that render it
(``template_version.py``): a deploy that changes a template never reuses
what the previous templates rendered.

Every cache error falls back to rendering: a fragment cache that is down makes
pages slower, never wrong and never failing. ``FRAGMENT_CACHE_SECONDS=0``
turns it off.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.utils.safestring import SafeString, mark_safe

from articles import page_cache
from articles.page_cache.dependencies import version_key
from articles.template_version import template_version
from newsroom.db_router import read_lag_ns

logger = logging.getLogger(__name__)

PREFIX = "fc:"
# The names each fragment depended on when this process last read or stored
# it, so that fetch() asks for fragments and versions in one cache call. Only
# a guess: versions it misses are read in a second call.
_known_deps: dict[str, tuple[str, ...]] = {}
_KNOWN_DEPS_MAX = 50_000
# When the current request started (ns): a name bumped after that may or may not
# show in what the request loaded, so fragments depending on it are not stored.
_request_started: ContextVar[int | None] = ContextVar("fragment_request_started", default=None)

# Fragments this process read or wrote, kept in its memory (by cache key) so
# that a render after a publish does not fetch and unpickle again the cards,
# blocks and shell it already holds: each is still checked against the
# current versions of what it depends on, exactly as one read from the cache.
# They belong to the cache's epoch, a token kept in the cache itself: a cache
# emptied (or a new cache generation) has none or another, and the process
# then forgets them, so nothing the shared cache no longer has is served. It
# lives as long as a fragment: when it expires, every process starts afresh.
EPOCH = f"{PREFIX}epoch"
_local: dict[str, dict] = {}
_local_size = [0]  # characters of HTML held
_epoch: list[str | None] = [None]  # the epoch _local belongs to
_epoch_unwritten: list[bool] = [False]  # a new epoch this process must write with its fragments
# Whether the epoch was read in this request (then once is enough).
_epoch_checked: ContextVar[bool] = ContextVar("fragment_epoch_checked", default=False)


def _local_max() -> int:
    return settings.FRAGMENT_LOCAL_CACHE_CHARS


# The versions of the rows shown by the fragments held, with the kind of
# fragment showing them (its name without the story's id: ``card:list``): a
# list whose latest bump has one of them (a story joining it, bumped with its
# row) had its new story's card of that kind rendered in this process already.
_tokens_held: set[tuple[str, int]] = set()
_TOKENS_HELD_MAX = 100_000


def _forget_local() -> None:
    _local.clear()
    _tokens_held.clear()
    _local_size[0] = 0


def forget_held() -> None:
    """Forget every fragment this process holds and the epoch they belong to
    (a test's cache starts empty: its first read would find that out, in a
    cache call of its own), and the rows it saw change."""
    _forget_local()
    _recent.clear()
    _epoch[0], _epoch_unwritten[0] = None, False


# Rows changed moments ago (a story just published) that this process saved,
# or whose versions a page of this process read for fragments it had to
# render: the next pages to show that story (the home page, its section's,
# its tags') need their versions too, and know it only once their list is
# read. ``lookup_names()`` hands them to the page cache to read with a page's
# lookup, so that such a page has every version it needs before its list is
# read, and need read no fragment after it.
RECENT_SECONDS = 60
_RECENT_MAX = 8
_recent: dict[str, float] = {}  # name → when it changed (s), oldest first
# A save in an import thread and a reader's lookup may change it at once.
_recent_lock = threading.Lock()


def _changed_recently(name: str, when: float) -> None:
    with _recent_lock:
        _recent.pop(name, None)
        _recent[name] = when
        while len(_recent) > _RECENT_MAX:
            del _recent[next(iter(_recent))]


def _note_recent(versions: dict, now: float) -> None:
    for name, version in versions.items():
        token = version[0]
        if token and now - token / 1e9 < RECENT_SECONDS:
            _changed_recently(name, token / 1e9)


def lookup_names() -> list[str]:
    """Names whose versions the page cache reads with a page's lookup: rows
    changed within ``RECENT_SECONDS`` that this process saved or whose
    versions its pages needed for fragments they rendered (at most a few,
    whatever the page)."""
    if not _recent:
        return []
    now = time.time()
    with _recent_lock:
        for name, changed in list(_recent.items()):
            if now - changed >= RECENT_SECONDS:
                del _recent[name]
        return list(_recent)


def holds_version(token: int, kind: str) -> bool:
    """Whether a fragment of ``kind`` (its name up to its last colon:
    ``card:list`` for ``card:list:7``) held in memory shows a row at version
    ``token``. Another kind's (the home page's card of the same story) says
    nothing of whether this one is held."""
    return _epoch[0] is not None and (kind, token) in _tokens_held


def _drop_local(key: str) -> None:
    # It may be gone already: the bound was reached while keeping another.
    if (old := _local.pop(key, None)) is not None:
        _local_size[0] -= len(old["html"])


def _keep_local(name: str, entry: dict) -> None:
    key = _key(name)
    size = len(entry["html"])
    if _epoch[0] is None or size > _local_max():
        return
    if _local_size[0] + size > _local_max():
        _forget_local()
    if (old := _local.get(key)) is not None:
        _local_size[0] -= len(old["html"])
    _local[key] = entry
    _local_size[0] += size
    kind = name.rpartition(":")[0]
    if len(_tokens_held) > _TOKENS_HELD_MAX:
        # Replaced fragments leave their tokens behind: forgetting them all
        # costs at most a query for a card held (``holds_version``).
        _tokens_held.clear()
    _tokens_held.update((kind, token) for token in entry["deps"].values())


def epoch_read(value) -> None:
    """The cache's epoch as just read (None: it has none): what this process
    holds in memory under another is forgotten."""
    # Within a request, read once; outside one, at every read.
    _epoch_checked.set(_request_started.get() is not None)
    if value is not None and value == _epoch[0]:
        return
    _forget_local()
    if value is None:
        # An emptied cache: a new epoch, written with this process's next fragments.
        _epoch[0], _epoch_unwritten[0] = uuid.uuid4().hex, True
    else:
        _epoch[0], _epoch_unwritten[0] = value, False


def _epoch_write() -> dict:
    """The epoch to write with the fragments, if this process made it (``{key: value}``)."""
    if _epoch_unwritten[0] and _epoch[0] is not None:
        _epoch_unwritten[0] = False
        return {EPOCH: _epoch[0]}
    return {}


def held(name: str) -> bool:
    """Whether this process holds fragment ``name`` in memory (valid or not)."""
    return _epoch[0] is not None and _key(name) in _local


def held_depends(name: str) -> Iterable[str]:
    """What fragment ``name``, held in memory, depends on (nothing if not held)."""
    entry = _local.get(_key(name)) if _epoch[0] is not None else None
    return entry["deps"] if entry is not None else ()


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def _key(name: str) -> str:
    # Keyed by the templates' version: after a deploy that changes a template,
    # the fragments the old one rendered are never read again.
    return f"{PREFIX}{template_version()}:{name}"


def _remember_deps(name: str, deps) -> None:
    if len(_known_deps) >= _KNOWN_DEPS_MAX:
        _known_deps.clear()
    _known_deps[name] = tuple(deps)


def render_started() -> int:
    """The time (ns) data for the fragments being rendered was read from, at the latest."""
    return _request_started.get() or time.time_ns()


class _Batch:
    """A request's fragment reads ahead and writes held back (``batched()``)."""

    def __init__(self):
        self.expected: list[str] = []  # to read with the next fetch
        self.read: dict[str, dict | None] = {}  # read ahead: the valid entry, or None
        self.pending: list[tuple[dict, int]] = []  # (rendered, started) to write at the end
        self.rendered: dict[str, tuple[str, Iterable[str]]] = {}  # held back: (HTML, names), by name
        self.versions: list[str] = []  # names whose versions to read with the next fetch


_batch: ContextVar[_Batch | None] = ContextVar("fragment_batch", default=None)


@contextmanager
def batched():
    """Fragment cache calls of the block gathered into fewer round trips.

    Names given to ``expect()`` are read in the next ``fetch()``'s cache call
    instead of in one of their own; fragments stored are written together
    (their versions read in one call, kept in one) when the block ends without
    an error, unless the caller takes them to write with its own
    (``take_writes()``). Until then a fragment rendered in the block is served
    from memory to the block's own later fetches. A block inside another
    joins it."""
    if (outer := _batch.get()) is not None:
        yield outer
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield batch
    except BaseException:
        batch.pending.clear()  # what rendered before a failure is rendered again next time
        raise
    finally:
        _batch.reset(token)
        if batch.pending:
            _write(batch.pending)


def expect(*names: str) -> None:
    """Fragments this request will fetch later: read them with the next fetch (inside ``batched()``)."""
    batch = _batch.get()
    if batch is not None and enabled():
        batch.expected.extend(name for name in names if name not in batch.read)


def expect_versions(*names: str) -> None:
    """Names the fragments this request renders will depend on (a new story's
    row): their versions are read with the next fetch (inside ``batched()``),
    not in a call of their own when the fragments are kept."""
    batch = _batch.get()
    if batch is not None and enabled():
        batch.versions.extend(names)


def fetch(names: Iterable[str]) -> dict[str, SafeString]:
    """The still-valid fragments among ``names``, by name; the rest must be rendered."""
    return {name: html for name, (html, _) in fetch_entries(names).items()}


def fetch_entries(names: Iterable[str]) -> dict[str, tuple[SafeString, Iterable[str]]]:
    """The still-valid fragments among ``names``, by name, each with the names it depends on.

    The fragments are read together with the versions they depended on when
    this process last saw them, in one cache call; versions the guess missed
    are read in a second. Inside ``batched()``, the fragments ``expect()``
    named are read in the same call, and those read ahead or rendered
    earlier in the block need none."""
    names = list(dict.fromkeys(names))
    if not names or not enabled():
        return {}
    batch = _batch.get()
    known, extra = {}, []
    if batch is not None:
        known = {name: batch.read.pop(name) for name in names if name in batch.read}
        extra = [name for name in dict.fromkeys(batch.expected) if name not in names]
        batch.expected.clear()
    found = {}
    for name in names:
        if batch is not None and name in batch.rendered:
            html, depends = batch.rendered[name]
            page_cache.record_names(depends)
            found[name] = (SafeString(html), depends)
    to_read = [name for name in names if name not in known and name not in found] + extra
    hints = ()
    if batch is not None and batch.versions:
        hints, batch.versions = batch.versions, []
    valid = _read(to_read, hints) if to_read else {}
    if batch is not None:
        batch.read.update({name: valid.get(name) for name in extra})
    for name in names:
        entry = known[name] if name in known else valid.get(name)
        if entry is not None and name not in found:
            page_cache.record_names(entry["deps"])
            found[name] = (SafeString(entry["html"]), entry["deps"])
    return found


def _read(names: list[str], hints: Iterable[str] = ()) -> dict[str, dict]:
    """The still-valid entries among ``names`` (one cache call, two when the versions guessed fall short).

    Those this process holds in memory are not read again, only the versions
    they depend on (none when read already in the request): with every one
    held and its versions known, no cache call at all."""
    if (held_only := _read_held(names, hints)) is not None:
        return held_only
    try:
        seen = page_cache.versions_seen()
        check_epoch = not _epoch_checked.get()
        local = {}
        if _epoch[0] is not None:
            for name in names:
                if (entry := _local.get(_key(name))) is not None:
                    local[name] = entry
        remote = [name for name in names if name not in local]
        guess = dict.fromkeys(dep for name in remote for dep in _known_deps.get(name, ()) if dep not in seen)
        guess.update(dict.fromkeys(dep for entry in local.values() for dep in entry["deps"] if dep not in seen))
        guess.update(dict.fromkeys(name for name in hints if name not in seen))
        keys = [*map(_key, remote), *map(version_key, guess)]
        # Versions read for held fragments are read with the epoch: a cache
        # emptied since it was last read would give them as 0, as they were
        # when a held fragment was made, and hide an edit in between.
        check_epoch = check_epoch or bool(local and keys)
        if check_epoch:
            keys.append(EPOCH)
        found = cache.get_many(keys) if keys else {}
        if check_epoch:
            epoch = _epoch[0]
            epoch_read(found.get(EPOCH))
            if local and _epoch[0] != epoch:  # forgotten: read from the cache after all
                return _read(names, hints)
        entries = {name: found[_key(name)] for name in remote if _key(name) in found}
        read = {dep: found.get(version_key(dep), (0, ())) for dep in guess}
        page_cache.remember_versions(read)
        _note_recent({name: read[name] for name in hints if name in read}, time.time())
        versions = dict(read)
        entries.update(local)
        unknown = {dep for entry in entries.values() for dep in entry["deps"]} - versions.keys()
        if unknown:  # read earlier in the request, or not guessed
            versions.update(page_cache.read_versions(unknown))
    except Exception:  # noqa: BLE001 - a cache that fails is a cache that misses
        logger.warning("fragment cache read failed; rendering instead", exc_info=True)
        return {}
    now = time.time()
    valid = {}
    for name, entry in entries.items():
        if page_cache.still_valid(entry["deps"], entry["stored_at"], versions, now):
            valid[name] = entry
            if name not in local:
                _remember_deps(name, entry["deps"])
                _keep_local(name, entry)
        elif name in local:
            _drop_local(_key(name))
        else:
            _remember_deps(name, entry["deps"])
    return valid


def _read_held(names: list[str], hints: Iterable[str]) -> dict[str, dict] | None:
    """``_read`` when this process holds every one of ``names`` and this
    request has read the epoch and every version they and ``hints`` name
    (a render after a publish asks for its held cards and shell so): the
    valid entries, checked against those versions as ``_read`` would,
    without its bookkeeping. None otherwise: ``_read`` then reads."""
    if _epoch[0] is None or not _epoch_checked.get():
        return None
    seen = page_cache.versions_seen()
    if any(name not in seen for name in hints):
        return None
    held = []
    for name in names:
        entry = _local.get(_key(name))
        if entry is None or any(dep not in seen for dep in entry["deps"]):
            return None
        held.append((name, entry))
    now = time.time()
    valid = {}
    for name, entry in held:
        if page_cache.still_valid(entry["deps"], entry["stored_at"], seen, now):
            valid[name] = entry
        else:
            _drop_local(_key(name))
    return valid


def store(rendered: dict[str, tuple[str, Iterable[str]]], started: int | None = None) -> None:
    """Keep freshly rendered fragments: ``{name: (html, the names it depends on)}``.

    ``started`` is when the data they were rendered from was read (ns); a
    fragment depending on a name bumped since is not kept. Inside
    ``batched()`` they are written when the block ends.
    """
    for _, names in rendered.values():
        # Lists a fragment shows (not rows: those recorded themselves as they loaded).
        page_cache.record_names(names)
    if not rendered or not enabled():
        return
    started = started or render_started()
    batch = _batch.get()
    if batch is not None:
        batch.pending.append((rendered, started))
        batch.rendered.update({name: (str(html), names) for name, (html, names) in rendered.items()})
        return
    _write([(rendered, started)])


def take_writes(batch: _Batch) -> dict[str, tuple[dict, int]]:
    """The batch's fragments to keep, ``{cache key: (entry, timeout)}``, for
    the caller to write with its own in one call (their versions read now);
    the batch then has none left to write."""
    pending, batch.pending = batch.pending, []
    try:
        writes = {key: (entry, settings.FRAGMENT_CACHE_SECONDS) for key, entry in _entries(pending).items()}
        if writes:
            writes.update({key: (value, settings.FRAGMENT_CACHE_SECONDS) for key, value in _epoch_write().items()})
        return writes
    except Exception:  # noqa: BLE001
        logger.warning("fragment cache write failed", exc_info=True)
        return {}


def _entries(pending: list[tuple[dict, int]]) -> dict[str, dict]:
    deps = {dep for rendered, _ in pending for _, names in rendered.values() for dep in names}
    versions = page_cache.read_versions(deps) if deps else {}
    # A change a lagging replica may not have had yet is treated as one made
    # during the render: the fragment is served but not kept.
    lag = read_lag_ns()
    entries = {}
    for rendered, started in pending:
        for name, (html, names) in rendered.items():
            current = {dep: versions[dep][0] for dep in names}
            if any(version > started - lag for version in current.values()):
                continue
            # Stored as of when its data was read, not when it is written (at
            # the end of a page): a due time in between (an embargo lifting)
            # outdates it.
            entries[_key(name)] = entry = {"deps": current, "stored_at": started / 1e9, "html": str(html)}
            _remember_deps(name, current)
            _keep_local(name, entry)
    return entries


def _write(pending: list[tuple[dict, int]]) -> None:
    try:
        if entries := _entries(pending):
            cache.set_many({**entries, **_epoch_write()}, timeout=settings.FRAGMENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("fragment cache write failed", exc_info=True)


def cached(name: str, render: Callable[[], tuple[str, Iterable[str]]]) -> SafeString:
    """One fragment: from the cache while valid, else ``render()`` → (html, names it depends on)."""
    found = fetch([name])
    if name in found:
        return found[name]
    started = render_started()
    html, names = render()
    store({name: (html, names)}, started)
    return mark_safe(html)


def _note_request_started(**kwargs):
    _request_started.set(time.time_ns())
    _epoch_checked.set(False)


def _note_request_finished(**kwargs):
    _request_started.set(None)
    _epoch_checked.set(False)


def _sections_changed(sender, instance, raw=False, **kwargs):
    # The set of sections (the navigation), which no single row's version covers:
    # a new section must reach fragments that never loaded it.
    if not raw:
        page_cache.bump("list:departments")


def _story_saved(sender, instance, raw=False, **kwargs):
    # Published or corrected here: the pages this process renders next show it.
    if not raw:
        _changed_recently(page_cache.row_key(sender, instance.pk), time.time())


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from articles.models import Article, Department

    request_started.connect(_note_request_started, dispatch_uid="fragments_request_started")
    request_finished.connect(_note_request_finished, dispatch_uid="fragments_request_finished")
    post_save.connect(_sections_changed, sender=Department, dispatch_uid="fragments_sections_saved")
    post_delete.connect(_sections_changed, sender=Department, dispatch_uid="fragments_sections_deleted")
    post_save.connect(_story_saved, sender=Article, dispatch_uid="fragments_story_saved")
