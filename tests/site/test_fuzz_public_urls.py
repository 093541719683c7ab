"""Hostile input on every public URL pattern and query parameter: never a 500.

Strings carry NUL and other controls, lone surrogates (sent as the bytes a
raw client would send), right-to-left marks, rare characters, very long
values, extreme dates and numbers. Each answer's time is recorded; the
slowest are printed (``-s``) rather than asserted, since the machine is shared.
"""

import re
import time
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factories import make_article, make_byline, make_department, make_edition, make_mention, make_print_page

pytestmark = pytest.mark.django_db

GUNICORN_REQUEST_LINE = 4094
QUERY_PARAMETERS = ["q", "department", "person", "from", "to", "page", "per_page", "mpage", "preview", "p", "format"]
_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
HOSTILE_CHARS = [
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x85",
    "\u202e",
    "\u200f",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\U0002a6a5",
    "龘",
    "%",
    "/",
    ".",
    "'",
    '"',
    "<",
    "&",
    " ",
    "\n",
    "-",
    "_",
]
EXTREMES = [
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2022-02-30",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-0",
    "2022-11-21T00:00:00+99:00",
    "",
]


def _public_patterns(resolver=None, prefix=""):
    """Route templates of every URL outside the admin, e.g. ``story/<slug:slug>/``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin"):
            continue
        if isinstance(entry, URLResolver):
            yield from _public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^").rstrip("$")


PATTERNS = sorted(set(_public_patterns()))

hostile_text = st.one_of(
    st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=40),
    st.text(max_size=60),
    st.sampled_from(EXTREMES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    # Long, up to what gunicorn accepts in a request line (limit_request_line,
    # 4094 bytes; longer lines are its 400 before Django sees them).
    st.builds(lambda c, n: c * n, st.sampled_from(HOSTILE_CHARS + ["龘", "a"]), st.integers(500, 1300)),
)


def _encode(value: str) -> str:
    return quote(value, safe="", errors="surrogatepass")


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches its view
    with django_capture_on_commit_callbacks(execute=True):
        department = make_department(name="要闻")
        story = make_article(
            department=department,
            headline="冬日朔州抗疫一线",
            tags=["抗疫"],
            print_page=make_print_page(edition=make_edition()),
        )
        make_byline(article=story)
        make_mention(article=story)
    return story


def test_there_are_public_patterns_to_fuzz():
    assert any(p.startswith("story/") for p in PATTERNS) and "search/" in PATTERNS and len(PATTERNS) >= 20


TIMES: list[tuple[float, str]] = []


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_no_public_url_answers_500(client, site, data):
    route = data.draw(st.sampled_from(PATTERNS), label="route")
    path = "/" + _PARAMETER.sub(lambda m: _encode(data.draw(hostile_text)), route)
    names = data.draw(st.lists(st.sampled_from(QUERY_PARAMETERS), max_size=4, unique=True), label="parameters")
    query = "&".join(f"{name}={_encode(data.draw(hostile_text))}" for name in names)
    url = f"{path}?{query}" if query else path
    assume(len(url) <= GUNICORN_REQUEST_LINE)
    started = time.perf_counter()
    response = client.get(url)
    TIMES.append((time.perf_counter() - started, url[:200]))
    assert response.status_code < 500, url[:500]


def test_report_the_slowest_answers():
    """Not a speed test: prints what the fuzzing above measured (``pytest -s``)."""
    slow = [entry for entry in TIMES if entry[0] > 1.0]
    for seconds, url in sorted(TIMES, reverse=True)[:5]:
        print(f"fuzz: {seconds * 1000:.0f} ms {url[:120]}")
    print(f"fuzz: {len(TIMES)} requests, {len(slow)} over 1 s")
