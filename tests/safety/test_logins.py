"""Login throttling, cookies and the Content Security Policy."""

import pytest
from django.urls import reverse

from tests.processes import run_manage

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def _attempt(client, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_five_failed_logins_lock_that_username_from_that_address(client, editor):
    for _ in range(4):
        assert _attempt(client, "wrong").status_code == 200
    assert _attempt(client, "wrong").status_code == 429  # the fifth failure locks
    locked = _attempt(client, "correct horse battery")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()


def test_the_lockout_does_not_reach_other_addresses(client, editor):
    for _ in range(5):
        _attempt(client, "wrong")
    assert _attempt(client, "correct horse battery", address="198.51.100.9").status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, editor):
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert _attempt(client, "correct horse battery").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, editor):
    for _ in range(4):
        _attempt(client, "wrong")
    assert _attempt(client, "correct horse battery").status_code == 302
    client.logout()
    for _ in range(4):
        _attempt(client, "wrong")
    assert _attempt(client, "correct horse battery").status_code == 302


def _policy(response):
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_the_public_site_forbids_inline_scripts(client):
    directives = _policy(client.get("/"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_admin_allows_the_inline_script_ckeditor_4_needs_and_nothing_from_elsewhere(client):
    directives = _policy(client.get(LOGIN))
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"


def test_the_admin_url_is_configurable():
    result = run_manage(
        "shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))", ADMIN_URL="desk-7f3a"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/desk-7f3a/"


@pytest.mark.xfail(
    strict=True,
    reason="behind the proxy the lockout keys on the proxy's address: django-ipware is absent, X-Forwarded-For unread",
)
def test_behind_the_proxy_one_readers_failures_do_not_lock_the_editor_out_everywhere(client, editor, settings):
    # What BEHIND_TLS_PROXY=true sets (newsroom/settings.py); every request
    # then reaches Django from the proxy's own address, the client's in the
    # X-Forwarded-For header the proxy adds.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = "10.0.0.2"
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    editor_at_the_office = client.post(
        LOGIN,
        {"username": "editor", "password": "correct horse battery", "next": "/admin/"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert editor_at_the_office.status_code == 302
