"""An outdated reader's page rendered again by its view alone
(articles/page_cache/refill.py): the same page, with the same headers, as
one rendered through every middleware; anything unusual goes through them."""

from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from articles import fragments, page_cache, views
from articles.models import Article

pytestmark = [pytest.mark.django_db]

# Set per response, whatever the page.
_PER_RESPONSE = {"age", "x-page-cache", "date"}


@pytest.fixture
def caches_on(page_cache_backend, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600


def _pages(site):
    return ["/", site["society"].get_absolute_url(), f"/tag/{site['tag'].slug}/"]


def _headers(response) -> dict:
    return {name.lower(): value for name, value in response.items() if name.lower() not in _PER_RESPONSE}


def _publish(site):
    """A story on every page of ``_pages()``."""
    story = Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    story.tags.add(site["tag"])
    return story


def _middlewares_seen():
    """A block, and how many times a middleware below the page cache ran in it."""
    return mock.patch.object(
        SessionMiddleware, "process_request", autospec=True, side_effect=SessionMiddleware.process_request
    )


def _through_every_middleware(client, url):
    """``url`` rendered with nothing kept: through every middleware."""
    cache.clear()
    page_cache.forget_held()
    fragments.forget_held()
    return client.get(url)


@pytest.mark.usefixtures("caches_on")
def test_after_a_publish_a_readers_page_is_rendered_by_its_view_alone_and_is_the_same_page(client, site):
    for url in _pages(site):
        client.get(url)
    _publish(site)
    refilled = {}
    with _middlewares_seen() as session:
        for url in _pages(site):
            refilled[url] = client.get(url)
            assert refilled[url].headers["X-Page-Cache"] == "miss"
    assert session.call_count == 0
    for url, response in refilled.items():
        assert "社会新稿" in response.content.decode()
        hit = client.get(url)
        assert hit.headers["X-Page-Cache"] == "hit" and _headers(hit) == _headers(response)
    for url, response in refilled.items():
        full = _through_every_middleware(client, url)
        assert full.content == response.content, url
        assert _headers(full) == _headers(response), url


@pytest.mark.usefixtures("caches_on")
def test_a_page_never_kept_goes_through_every_middleware(client, site):
    with _middlewares_seen() as session:
        client.get("/")
    assert session.call_count == 1


@pytest.mark.usefixtures("caches_on")
def test_an_outdated_page_whose_view_fails_goes_through_every_middleware(client, site):
    url = f"/tag/{site['tag'].slug}/"
    client.get(url)
    site["tag"].delete()
    with _middlewares_seen() as session:
        assert client.get(url).status_code == 404
    assert session.call_count == 1


@pytest.mark.usefixtures("caches_on")
def test_an_outdated_page_is_served_stale_when_the_database_is_down(client, site, monkeypatch):
    client.get("/")
    _publish(site)

    calls = []

    def database_down(*args, **kwargs):
        calls.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.HomeView, "get_regions", database_down)
    stale = client.get("/")
    assert stale.status_code == 200 and stale.headers["X-Page-Cache"] == "stale-if-error"
    assert "社会新稿" not in stale.content.decode()
    # Once: not again through the middlewares, waiting for the database a second time.
    assert len(calls) == 1


@pytest.mark.usefixtures("caches_on")
@pytest.mark.parametrize(
    "change",
    [
        {"X_FRAME_OPTIONS": "SAMEORIGIN"},
        {"CONTENT_SECURITY_POLICY": {"DIRECTIVES": {"default-src": ["'self'"], "frame-ancestors": ["'self'"]}}},
    ],
    ids=["x-frame-options", "csp"],
)
def test_a_refilled_page_has_the_headers_the_middlewares_give_now(client, site, settings, change):
    """What a middleware below the page cache adds may change with no template
    changing (a library upgraded, a setting): a page refilled again and again
    must not keep the headers of the process that first stored it."""
    url = site["society"].get_absolute_url()
    client.get(url)
    for name, value in change.items():
        setattr(settings, name, value)
    for _ in range(2):
        _publish(site)
        refilled = client.get(url)
        assert refilled.headers["X-Page-Cache"] == "miss"
    assert _headers(refilled) == _headers(_through_every_middleware(client, url))


@pytest.mark.usefixtures("caches_on")
def test_a_process_refills_only_pages_it_rendered_through_the_middlewares(client, site):
    """A page stored by another process (the same cache, nothing of it in
    this one) goes through the middlewares once here, then is refilled."""
    from articles.page_cache import refill

    client.get("/")
    refill.forget()
    _publish(site)
    with _middlewares_seen() as session:
        assert client.get("/").headers["X-Page-Cache"] == "miss"
        _publish(site)
        assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert session.call_count == 1


@pytest.mark.usefixtures("caches_on")
def test_an_address_is_resolved_once_for_its_renders_by_the_view_alone(client, site):
    from articles.page_cache import refill

    refill._resolved.clear()
    client.get("/")
    with mock.patch.object(refill, "resolve", side_effect=refill.resolve) as resolving:
        for _ in range(2):
            _publish(site)
            assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert resolving.call_count == 1


@pytest.mark.usefixtures("caches_on")
def test_an_outdated_page_whose_policy_names_a_nonce_goes_through_every_middleware(client, site):
    from articles.page_cache import refill
    from articles.page_cache.middleware import page_key

    client.get("/")
    # As the middlewares answer a page whose template asked for request.csp_nonce.
    refill._chain_headers[page_key("/")] = tuple(
        (name, f"{value}; script-src 'nonce-abc'" if name.lower() == "content-security-policy" else value)
        for name, value in refill._chain_headers[page_key("/")]
    )
    _publish(site)
    with _middlewares_seen() as session:
        assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert session.call_count == 1


@pytest.mark.usefixtures("caches_on")
def test_pages_with_the_same_headers_but_their_bodys_share_one_set_of_them(client, site):
    from articles.page_cache import refill
    from articles.page_cache.middleware import page_key

    society, economy = site["society"].get_absolute_url(), site["economy"].get_absolute_url()
    client.get(society)
    client.get(economy)
    assert refill._chain_headers[page_key(society)] is refill._chain_headers[page_key(economy)]
