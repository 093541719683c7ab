"""Whole-page caching for anonymous readers, with exact invalidation.

Every cached page remembers what it was made from:
- the rows it loaded (each Article, Person, Department, Tag, Edition… loaded
  while the page rendered is recorded by a post_init hook), and
- the lists it showed (``depends_on("list:department:3")``, declared by views;
  a page that declares none depends on ``list:all``, the safe default).

Each of those names has a version in the cache. Saving or deleting a row
bumps that row's version; a story joining or leaving a list (published,
unpublished, moved to another department, retagged…) bumps the lists'
versions. A cached page is served only while every version it recorded is
unchanged, so an edit clears exactly the pages that showed the story, and
nothing else.

A scheduled story joins its lists at its publish time without any save: when
it is scheduled, its lists are told "stale from T on", and a page stored
before T is not served after T. No job has to run for it to appear.

Requests that carry a session cookie (editors) bypass the cache both ways and
are marked private; only cookie-less GET/HEAD requests are served from it.

A hit is one cache call and no hashing: a page is stored with the headers a
hit sends, its ETag included, and it is read together with the versions it
depended on when this process last saw it (a guess checked against the page:
names it does not cover are read in a second call).
"""
from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

PREFIX = "pc:"
_collector: ContextVar[set | None] = ContextVar("page_cache_collector", default=None)
_declared: ContextVar[set | None] = ContextVar("page_cache_declared", default=None)

# Rows whose loading makes a page depend on them.
WATCHED = {
    "articles.article", "articles.department", "articles.edition", "articles.printpage", "articles.publication",
    "articles.photo", "people.person", "taggit.tag",
}
EXCLUDED_PREFIXES = ("/static/", "/media/")


def row_key(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def depends_on(*names: str) -> None:
    """Declare the lists the page being rendered shows (e.g. ``list:tag:5``)."""
    declared = _declared.get()
    if declared is not None:
        declared.update(names)


def record_row(instance) -> None:
    collected = _collector.get()
    if collected is not None and instance.pk is not None:
        collected.add(row_key(type(instance), instance.pk))


def record_names(names) -> None:
    """Make the page being rendered depend on ``names`` (a cached fragment's rows and lists)."""
    collected = _collector.get()
    if collected is not None:
        collected.update(names)


# --- versions ---------------------------------------------------------------

def _version_key(name):
    return f"{PREFIX}v:{name}"


def _read(names):
    found = cache.get_many([_version_key(n) for n in names])
    return {n: found.get(_version_key(n), (0, ())) for n in names}


def bump(*names: str, due: float | None = None) -> None:
    """Give ``names`` new versions; with ``due``, also mark them stale from that time on."""
    if not names:
        return
    now = time.time()
    current = _read(names)
    token = time.time_ns()
    updates = {}
    for name in names:
        _, dues = current[name]
        pending = tuple(sorted({t for t in dues if t > now} | ({due} if due and due > now else set())))
        updates[_version_key(name)] = (token, pending)
    cache.set_many(updates, timeout=None)


def read_versions(names) -> dict[str, tuple[int, tuple]]:
    """The current version of each name, as (token, times it is due to go stale)."""
    return _read(names)


def _still_valid(entry, versions, now) -> bool:
    return still_valid(entry["deps"], entry["stored_at"], versions, now)


def still_valid(deps: dict, stored_at: float, versions: dict, now: float) -> bool:
    """Whether something stored at ``stored_at`` with ``deps`` ({name: token}) may still be served."""
    for name, token in deps.items():
        current, dues = versions.get(name, (0, ()))
        if current != token:
            return False
        if any(stored_at < t <= now for t in dues):
            return False
    return True


# --- the middleware -----------------------------------------------------------

def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith((f"/{settings.ADMIN_URL}", *EXCLUDED_PREFIXES))
    )


def _page_key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    # "page2": pages are now stored with the headers a hit sends; pages stored
    # by the previous release (without them) are never read.
    return f"{PREFIX}page2:{digest}"


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _public_headers(response):
    patch_cache_control(
        response, public=True, max_age=settings.PAGE_CACHE_HTTP_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


# The dependency names each page had when this process last stored or served
# it, so that a hit asks for the page and its versions in one cache call. Only
# a guess: a page whose names differ reads the others in a second call.
_known_deps: dict[str, tuple[str, ...]] = {}
_KNOWN_DEPS_MAX = 20_000


def _remember_deps(key, names) -> None:
    if len(_known_deps) >= _KNOWN_DEPS_MAX:
        _known_deps.clear()
    _known_deps[key] = tuple(names)


def _lookup(key, now):
    """The entry stored under ``key`` if it may still be served, else None."""
    guess = _known_deps.get(key, ())
    found = cache.get_many([key, *map(_version_key, guess)])
    entry = found.get(key)
    if entry is None:
        return None
    versions = {name: found.get(_version_key(name), (0, ())) for name in guess}
    if guess != tuple(entry["deps"]):
        missing = [name for name in entry["deps"] if name not in versions]
        if missing:
            versions.update(_read(missing))
        _remember_deps(key, entry["deps"])
    return entry if _still_valid(entry, versions, now) else None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
                # Editors' pages (previews, fresh lists) must never reach a shared cache.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        key = _page_key(request)
        now = time.time()
        entry = _lookup(key, now)
        if entry is not None:
            return self._replay(entry, now)

        collected, declared = set(), set()
        collector_token, declared_token = _collector.set(collected), _declared.set(declared)
        try:
            response = self.get_response(request)
        finally:
            _collector.reset(collector_token)
            _declared.reset(declared_token)
        if _cacheable_response(response):
            names = collected | (declared or {"list:all"})
            versions = _read(names)
            # A bump while the page rendered may or may not show in it: such a
            # page is served but not stored. (Versions are bump times in ns.)
            if any(version > now * 1e9 for version, _ in versions.values()):
                return response
            # Headers as a hit sends them, ETag included, so that a hit neither
            # hashes the body (ConditionalGetMiddleware keeps an ETag it finds)
            # nor patches headers again.
            set_response_etag(response)
            _public_headers(response)
            patch_vary_headers(response, ("Cookie",))
            entry = {
                "stored_at": now,
                "deps": {name: version for name, (version, _) in versions.items()},
                "status": response.status_code,
                "headers": list(response.items()),
                "content": response.content,
            }
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            _remember_deps(key, versions)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _replay(entry, now):
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        response["Age"] = str(int(now - entry["stored_at"]))
        response["X-Page-Cache"] = "hit"
        return response


# --- invalidation -------------------------------------------------------------

def _lists_of(article) -> set[str]:
    """Every list a published story appears in."""
    from articles.models import Byline, TaggedArticle
    from people.models import Mention

    names = _lists_of_deleted(article)
    names.update(f"list:tag:{t}" for t in TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True))
    names.update(f"list:person:{p}" for p in Byline.objects.filter(article=article, person__isnull=False).values_list("person_id", flat=True))
    names.update(f"list:person:{p}" for p in Mention.objects.filter(article=article).values_list("person_id", flat=True))
    return names


# What a story's place in lists depends on: a change to any of these moves it
# in or out of a list, or within one.
_PLACEMENT = ("status", "department_id", "publish_at", "print_page_id", "print_position")


def _article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous", None) or {}
    was_listed = previous.get("status") == "published"
    is_listed = instance.status == "published"
    moved = created or any(previous.get(field) != getattr(instance, field) for field in _PLACEMENT)
    names = {row_key(sender, instance.pk)}
    if (was_listed or is_listed) and moved:
        names |= _lists_of(instance)
        names |= _department_lists(previous.get("department_id")) | _edition_lists(previous.get("print_page_id"))
    due = instance.publish_at.timestamp() if is_listed and instance.publish_at else None
    bump(*names, due=due)


def _article_deleted(sender, instance, **kwargs):
    bump(row_key(sender, instance.pk), *(_lists_of_deleted(instance)))


def _lists_of_deleted(article):
    """The lists a story is in by its own fields (department, print edition)."""
    return _department_lists(article.department_id) | _edition_lists(article.print_page_id) | {"list:all"}


def _department_lists(department_id):
    from articles.models import Department

    if not department_id:
        return set()
    # A section's page also lists its sub-sections' stories.
    parent = Department.objects.filter(pk=department_id).values_list("parent_id", flat=True).first()
    return {f"list:department:{d}" for d in (department_id, parent) if d}


def _edition_lists(print_page_id):
    from articles.models import PrintPage

    if not print_page_id:
        return set()
    edition = PrintPage.objects.filter(pk=print_page_id).values_list(
        "edition__publication__slug", "edition__date"
    ).first()
    return {f"list:edition:{edition[0]}/{edition[1].isoformat()}"} if edition else set()


def _row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(row_key(sender, instance.pk))


def _part_of_article_changed(sender, instance, raw=False, **kwargs):
    """A byline, mention, photo or tag changed: the story's pages, and the
    person's or tag's list if the story is published."""
    if raw:
        return
    from articles.models import Article

    article_id = getattr(instance, "article_id", None) or getattr(instance, "content_object_id", None)
    names = {f"articles.article:{article_id}"}
    published = Article.objects.filter(pk=article_id, status="published").exists()
    if published and getattr(instance, "person_id", None):
        names.add(f"list:person:{instance.person_id}")
        if sender._meta.model_name == "mention":
            names.add("list:mentions")  # the home page's "most in the news"
    if published and getattr(instance, "tag_id", None):
        names.add(f"list:tag:{instance.tag_id}")
    bump(*names)


def _tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """article.tags.add()/remove()/clear() (taggit writes the join rows in bulk)."""
    if action not in ("post_add", "post_remove", "pre_clear") or reverse:
        return
    from articles.models import TaggedArticle

    tag_ids = set(pk_set or ())
    if action == "pre_clear":
        tag_ids = set(TaggedArticle.objects.filter(content_object=instance).values_list("tag_id", flat=True))
    names = {row_key(type(instance), instance.pk)}
    if instance.status == "published":
        names.update(f"list:tag:{tag_id}" for tag_id in tag_ids)
    bump(*names)


def _loaded(sender, instance, **kwargs):
    record_row(instance)


def connect():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    from articles.models import Article, Byline, Photo, TaggedArticle
    from people.models import Mention

    for label in WATCHED:
        model = apps.get_model(label)
        post_init.connect(_loaded, sender=model, dispatch_uid=f"page_cache_loaded_{label}")
        if model is not Article:
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"page_cache_saved_{label}")
            post_delete.connect(_row_changed, sender=model, dispatch_uid=f"page_cache_deleted_{label}")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="page_cache_article_saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="page_cache_article_deleted")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="page_cache_tags_changed")
    for model in (Byline, Mention, Photo, TaggedArticle):
        post_save.connect(_part_of_article_changed, sender=model, dispatch_uid=f"page_cache_part_saved_{model.__name__}")
        post_delete.connect(_part_of_article_changed, sender=model, dispatch_uid=f"page_cache_part_deleted_{model.__name__}")
