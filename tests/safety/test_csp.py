"""The Content Security Policy headers (newsroom/csp.py): a reader's page gets
exactly what django-csp builds, though built once; anything with a policy of
its own, a nonce, or in the admin goes through django-csp every time."""

from dataclasses import asdict

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom import csp
from newsroom.csp import NewsroomCSPMiddleware

rf = RequestFactory()


def _served(path="/", response=None, nonce=False):
    middleware = NewsroomCSPMiddleware(lambda request: response or HttpResponse("<p>稿件</p>"))
    request = rf.get(path)
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # as a template using {{ request.csp_nonce }}
    return request, middleware.process_response(request, middleware.get_response(request))


def _django_csp(report_only=False):
    return build_policy(report_only=report_only)


@pytest.fixture(autouse=True)
def fresh():
    csp._readers_headers.clear()
    yield
    csp._readers_headers.clear()


def test_a_readers_page_gets_the_policy_django_csp_builds():
    for _ in range(2):  # built, then remembered
        _, response = _served("/story/a/")
        assert response[HEADER] == _django_csp()
        assert "'unsafe-inline'" not in response[HEADER].split("script-src")[1].split(";")[0]
        assert HEADER_REPORT_ONLY not in response


def test_the_policy_follows_the_settings_when_they_change(settings):
    _served()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    _, response = _served()
    assert response[HEADER] == "default-src 'none'"
    assert response[HEADER_REPORT_ONLY] == _django_csp(report_only=True)
    assert "img-src 'self'" in response[HEADER_REPORT_ONLY]


def test_excluded_prefixes_get_no_policy(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"]},
        "EXCLUDE_URL_PREFIXES": ["/feeds/"],
    }
    assert HEADER not in _served("/feeds/rss/")[1]
    assert _served("/story/a/")[1][HEADER] == "default-src 'self'"


def test_a_page_using_a_nonce_gets_its_own_nonce_every_time(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    first_request, first = _served(nonce=True)
    second_request, second = _served(nonce=True)
    assert f"'nonce-{first_request._csp_nonce}'" in first[HEADER]
    assert f"'nonce-{second_request._csp_nonce}'" in second[HEADER]
    assert first[HEADER] != second[HEADER]


def test_a_response_with_its_own_policy_or_exempt_keeps_it():
    own = HttpResponse()
    own._csp_replace = {"img-src": ["https://photos.example"]}
    assert "img-src https://photos.example" in _served(response=own)[1][HEADER]
    exempt = HttpResponse()
    exempt._csp_exempt = True
    assert HEADER not in _served(response=exempt)[1]


def test_the_admin_allows_inline_script_and_readers_still_do_not(settings):
    admin = _served(f"/{settings.ADMIN_URL}articles/")[1][HEADER]
    reader = _served("/")[1][HEADER]
    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "'unsafe-inline'" not in reader.split("script-src")[1].split(";")[0]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request, _ = _served()
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)


def test_the_same_headers_as_django_csp_for_a_readers_page():
    request = rf.get("/")
    plain = CSPMiddleware(lambda r: HttpResponse())
    plain.process_request(request)
    expected = plain.process_response(request, HttpResponse())
    assert _served("/")[1][HEADER] == expected[HEADER]
    assert build_policy(**asdict(plain.get_policy_parts(request, HttpResponse()))) == expected[HEADER]


def test_a_readers_policy_is_built_once_not_for_every_response(monkeypatch):
    import csp.middleware

    _served()
    built = []
    monkeypatch.setattr(csp.middleware, "build_policy", lambda *a, **k: built.append(1) or "default-src 'none'")
    for _ in range(3):
        assert _served("/story/a/")[1][HEADER] == _django_csp()
    assert built == []
