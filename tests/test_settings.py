"""Production settings: refuse to start without what production needs, pass check --deploy."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "a8Fz0qLw9XvB2nRt7YpC4mJd6HsE1uGi" * 2,
    "ALLOWED_HOSTS": "news.example.cn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}}
    env.update(PRODUCTION_ENV)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", SECRET_KEY="short")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_demo_editor_is_refused_in_production():
    result = _manage("create_demo_editor")
    assert result.returncode != 0
    assert "local development only" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_a_clear_error(value):
    result = _manage("check", DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr
