"""Production settings: refuse to start without what production needs, pass check --deploy."""

import pytest

from tests.processes import run_manage


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", SECRET_KEY="short")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_demo_editor_is_refused_in_production():
    result = run_manage("create_demo_editor")
    assert result.returncode != 0
    assert "local development only" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_a_clear_error(value):
    result = run_manage("check", DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


def test_production_cookies_are_secure_and_http_only():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = run_manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True"]


@pytest.mark.parametrize(("behind_proxy", "counted"), [("true", "203.0.113.7"), ("false", "10.0.0.2")])
def test_the_lockout_counts_the_address_the_proxy_appended_only_behind_the_proxy(behind_proxy, counted):
    # A request the proxy at 10.0.0.2 passed on, its client having forged the first entry.
    script = (
        "from django.test import RequestFactory; from axes.helpers import get_client_ip_address; "
        "request = RequestFactory().post('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='198.51.100.9, 203.0.113.7'); "
        "print(get_client_ip_address(request))"
    )
    result = run_manage("shell", "-c", script, BEHIND_TLS_PROXY=behind_proxy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == counted
