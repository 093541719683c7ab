"""Reading settings from the environment.

Small pure helpers so that settings.py reads as a list of decisions and the
parsing rules (what counts as true, how lists are split) live in one place.
"""

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(Exception):
    """A setting the environment gave is missing or malformed."""


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number") from None


def env_list(name, default=()):
    """A comma-separated list; blanks are dropped so 'a, b,' is ['a', 'b']."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(path):
    """Read ``NAME=value`` lines from ``path`` into the environment, where the
    environment does not already set them; return the names it set.

    ``make run`` writes such a file (``local.env``, git-ignored) with DEBUG on
    and a generated development key, so that every manage.py command pasted
    after it works on that checkout. Production has no such file and sets its
    own environment, so it still refuses to start without a key.
    """
    path = Path(path)
    if not path.is_file():
        return []
    loaded = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ConfigurationError(f"{path}, line {number}: expected NAME=value, got {line!r}")
        if name not in os.environ:
            os.environ[name] = value.strip()
            loaded.append(name)
    return loaded
