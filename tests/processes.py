"""Running manage.py in a fresh process, for settings read at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "a8Fz0qLw9XvB2nRt7YpC4mJd6HsE1uGi" * 2,
    "ALLOWED_HOSTS": "news.example.cn",
    "DATABASE_URL": "sqlite:///:memory:",
    # A checkout's local.env (written by `make run`) is for development only.
    "NEWSROOM_ENV_FILE": "",
}


def run_manage(*args, **env_overrides):
    """manage.py with production settings; an override of None removes a variable."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' process and has no place in production.
    inherited_only_by_tests = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in inherited_only_by_tests}
    env.update(PRODUCTION_ENV)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
