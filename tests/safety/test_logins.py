"""Login throttling, cookies and the Content Security Policy."""

import pytest
from django.urls import reverse

from newsroom.client_address import lockout_address_settings
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


def _spray(client, usernames, address="203.0.113.7"):
    for username in usernames:
        client.post(LOGIN, {"username": username, "password": "123456"}, REMOTE_ADDR=address)


def test_one_password_tried_on_many_usernames_locks_the_address_for_every_username(client, editor, settings):
    _spray(client, [f"reporter{n}" for n in range(settings.AXES_SPRAY_USERNAMES)])
    locked = _attempt(client, "correct horse battery")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert _attempt(client, "correct horse battery", address="198.51.100.9").status_code == 302


def test_failures_on_fewer_usernames_than_spraying_lock_no_one_else(client, editor, settings):
    _spray(client, [f"reporter{n}" for n in range(settings.AXES_SPRAY_USERNAMES - 2)])
    for _ in range(3):
        assert _attempt(client, "wrong").status_code == 200
    assert _attempt(client, "correct horse battery").status_code == 302


def test_the_spraying_count_forgets_failures_older_than_the_cool_off(client, editor, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    _spray(client, [f"reporter{n}" for n in range(settings.AXES_SPRAY_USERNAMES)])
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=2))
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


def _behind_the_proxy(settings):
    for name, value in lockout_address_settings(behind_proxy=True).items():
        setattr(settings, name, value)


PROXY = "10.0.0.2"


def _through_the_proxy(client, password, forwarded_for):
    # What the proxy sends on: the request from its own address, and the
    # client's X-Forwarded-For with the address it saw appended.
    return client.post(
        LOGIN,
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_one_readers_failures_do_not_lock_the_editor_out_everywhere(client, editor, settings):
    _behind_the_proxy(settings)
    for _ in range(5):
        _through_the_proxy(client, "wrong", "203.0.113.7")
    assert _through_the_proxy(client, "wrong", "203.0.113.7").status_code == 429
    assert _through_the_proxy(client, "correct horse battery", "198.51.100.9").status_code == 302


def test_behind_the_proxy_forged_forwarded_for_entries_do_not_reset_the_count(client, editor, settings):
    _behind_the_proxy(settings)
    for n in range(5):
        _through_the_proxy(client, "wrong", f"10.0.0.{n}, 203.0.113.7")
    assert _through_the_proxy(client, "correct horse battery", "203.0.113.7").status_code == 429


def test_behind_the_proxy_forging_the_editors_address_does_not_lock_the_editor_out(client, editor, settings):
    _behind_the_proxy(settings)
    for _ in range(5):
        _through_the_proxy(client, "wrong", "198.51.100.9, 203.0.113.7")
    assert _through_the_proxy(client, "correct horse battery", "198.51.100.9").status_code == 302


def test_behind_the_proxy_forged_entries_do_not_lock_out_editors_behind_a_proxy_of_their_own(client, editor, settings):
    _behind_the_proxy(settings)
    for _ in range(5):
        _through_the_proxy(client, "wrong", "not an address, 203.0.113.7")
    # The office's own proxy adds an entry before the site's proxy appends the office's address.
    assert _through_the_proxy(client, "correct horse battery", "192.168.1.20, 198.51.100.9").status_code == 302


def test_without_the_proxy_forging_the_editors_address_does_not_lock_the_editor_out(client, editor):
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    editor_at_the_office = client.post(
        LOGIN,
        {"username": "editor", "password": "correct horse battery", "next": "/admin/"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert editor_at_the_office.status_code == 302
