"""An outdated page rendered again by its view alone, past the middlewares below the page cache.

A page the cache kept and a change has outdated (most often a publish) was
made for this very address, for a reader without cookies, and its stored
headers hold everything the middlewares below the page cache added to it
(the language, the frame and content-security policies, Vary). For such a
reader those middlewares add the same again (sessions, users and messages
are never touched without a cookie, and no reader's page asks for a CSRF
token), so a view that says so (``page_cache_refill = True``: the home,
section and tag pages, whose parts are fragments) is called directly, and
its response given the stored page's headers: a render after a publish
then costs what its view does, not also the walk through a dozen
middlewares and back.

The headers are those the middlewares gave the page the last time it went
through them in this process (``remember()``), never the stored page's: a
stored page may come from an older process (another Django or policy
library, other settings), and a refill copying its headers would keep them
for as long as the page is refilled. A process refills a page only once it
has rendered it through the middlewares itself, and forgets what they gave
when a setting changes.

Anything unusual goes through the middlewares instead, as a first render
would: a view that raises (a tag deleted), or whose response is not a plain
200 without cookies, or that asked for a CSRF token (whose cookie only
the middleware sets), and a page whose policy names a nonce (made anew
for each response by the CSP middleware). A database outage is raised to
the page cache, which answers with its stale copy at once rather than
waiting for the database a second time through the middlewares.
"""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

from newsroom.db_outage import is_database_outage

# Headers of the stored page that depend on its body: made afresh for the new one.
_OF_THE_BODY = frozenset({"etag", "content-length"})
# What each address resolved to, by URLconf: resolving walks the patterns
# before the reader's pages' on every render, and an address always
# resolves alike. Bounded as the page cache's other memos.
_resolved: dict[tuple[str, str], ResolverMatch] = {}
_RESOLVED_MAX = 10_000
# The headers each page (by its cache key) had when it last came back
# through the middlewares in this process, before the page cache's own.
# Pages share a few sets of headers: each set is kept once.
_chain_headers: dict[str, tuple] = {}
_header_sets: dict[tuple, tuple] = {}
_CHAIN_MAX = 10_000


def remember(key: str, response) -> None:
    """The headers ``response``, just back from the middlewares below the
    page cache, has: what a refill of page ``key`` gives its view's response."""
    if len(_chain_headers) >= _CHAIN_MAX:
        forget()
    # The body's own headers are made afresh by a refill: kept by name only,
    # so that pages with the same other headers share one set.
    headers = tuple((name, "" if name.lower() in _OF_THE_BODY else value) for name, value in response.items())
    _chain_headers[key] = _header_sets.setdefault(headers, headers)


def forget(**kwargs) -> None:
    """Forget the middlewares' headers (a setting changed: they may differ now)."""
    _chain_headers.clear()
    _header_sets.clear()


setting_changed.connect(forget, dispatch_uid="page_cache_refill_forget")


def _resolve(path: str) -> ResolverMatch:
    key = (settings.ROOT_URLCONF, path)
    match = _resolved.get(key)
    if match is None:
        match = resolve(path)
        if len(_resolved) >= _RESOLVED_MAX:
            _resolved.clear()
        _resolved[key] = match
    return match


def _has_nonce(headers) -> bool:
    """Whether the page's content-security policy names a nonce: one made per
    response by the CSP middleware, which the page must then go through."""
    return any("nonce-" in value for name, value in headers if name.lower().startswith("content-security-policy"))


def render(request, key: str, entry: dict | None):
    """The response to ``request`` from its view alone, with the headers the
    middlewares last gave page ``key`` in this process, when ``entry`` (the
    page stored under it) is outdated; or None: then the request must go
    through the middlewares. A database outage is raised."""
    chain = _chain_headers.get(key)
    if entry is None or entry["status"] != 200 or chain is None or _has_nonce(chain):
        return None
    try:
        match = _resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(getattr(match.func, "view_class", None), "page_cache_refill", False):
        return None
    request.resolver_match = match
    try:
        # The reader's language, as newsroom/locale.py sets it for every public page.
        with translation.override(settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = translation.get_language()
            response = match.func(request, *match.args, **match.kwargs)
    except Exception as error:
        if is_database_outage(error):
            raise
        return None  # the middlewares render it again and handle what went wrong
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or hasattr(response, "render")  # a TemplateResponse: the middlewares' hooks render it
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return None
    for name, value in chain:
        if name.lower() not in _OF_THE_BODY and name not in response:
            response[name] = value
    if any(name.lower() == "content-length" for name, _ in chain):
        response["Content-Length"] = str(len(response.content))
    return response
