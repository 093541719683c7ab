"""Shared helpers for the benchmark sections (no Django imports at module level).

Scratch resources are named after the process that made them
(``newsroom_bench_load_<pid>``, a Redis db claimed with a key holding the pid),
so two runs on one machine (a full ``make bench`` and the smoke test) never
drop or flush each other's data, and a run killed with SIGKILL is cleaned up by
the next one: a scratch database whose pid is no longer alive is dropped.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FIXTURE_PAGE = ROOT / "fixtures" / "shuozhou-page-2022-11.txt"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379"
REDIS_CLAIM_KEY = "newsroom-bench:owner"


# --------------------------------------------------------------------------- PostgreSQL


def server_url() -> str:
    """The PostgreSQL server's maintenance URL (BENCH_SERVER_URL, else 127.0.0.1 as postgres)."""
    base = os.environ.get("BENCH_SERVER_URL") or DEFAULT_SERVER
    parts = urlsplit(base)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


def database_url(dbname: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(("postgres", parts.netloc, f"/{dbname}", "", ""))


def postgres_reachable() -> str | None:
    """None when reachable, else the reason."""
    try:
        import psycopg

        psycopg.connect(server_url(), connect_timeout=3).close()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return f"PostgreSQL not reachable at {server_url()}: {exc}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_stale_databases(prefix: str) -> list[str]:
    """Drop ``<prefix>_<pid>`` databases left by bench runs that are gone."""
    import psycopg

    dropped = []
    with psycopg.connect(server_url(), autocommit=True) as conn:
        names = [r[0] for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "_%"])]
        for name in names:
            m = re.fullmatch(re.escape(prefix) + r"_(\d+)", name)
            if m and not _pid_alive(int(m.group(1))):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                dropped.append(name)
    return dropped


def create_database(dbname: str) -> None:
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def drop_database(dbname: str) -> None:
    import psycopg

    try:
        with psycopg.connect(server_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    except Exception as exc:  # noqa: BLE001 - cleanup must not mask the real error
        print(f"warning: could not drop {dbname}: {exc}", file=sys.stderr)


def scratch_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}"


# --------------------------------------------------------------------------- Redis


def redis_reachable() -> str | None:
    try:
        import redis

        redis.Redis.from_url(os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS), socket_connect_timeout=3).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"Redis not reachable at {os.environ.get('BENCH_REDIS_URL', DEFAULT_REDIS)}: {exc}"


def claim_redis_db(preferred: int = 9, last: int = 15) -> int:
    """A Redis db number that is empty (or claimed by a dead bench run), claimed
    with a key holding our pid. Only that db is ever flushed."""
    import redis

    base = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS).rstrip("/")
    for number in [preferred, *[n for n in range(9, last + 1) if n != preferred]]:
        client = redis.Redis.from_url(f"{base}/{number}")
        owner = client.get(REDIS_CLAIM_KEY)
        if owner is not None and not _pid_alive(int(owner)):
            client.flushdb()  # a dead bench run's db
        elif owner is not None or client.dbsize():
            continue
        if client.set(REDIS_CLAIM_KEY, os.getpid(), nx=True):
            return number
    raise RuntimeError(f"no free Redis db between 9 and {last} on {base}")


def redis_url(number: int) -> str:
    return f"{os.environ.get('BENCH_REDIS_URL', DEFAULT_REDIS).rstrip('/')}/{number}"


def flush_redis_db(number: int, keep_claim: bool = True) -> None:
    import redis

    client = redis.Redis.from_url(redis_url(number))
    client.flushdb()
    if keep_claim:
        client.set(REDIS_CLAIM_KEY, os.getpid())


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(64))


def kill_group(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process started with start_new_session=True and all its children."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def install_signal_handlers():
    """SIGTERM behaves like Ctrl-C, so try/finally cleanup runs either way."""

    def _raise(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, _raise)
    # A shell without job control starts background commands with SIGINT
    # ignored, and an ignored signal stays ignored across exec: restore
    # Ctrl-C so that it reaches the cleanup code.
    signal.signal(signal.SIGINT, signal.default_int_handler)


# --------------------------------------------------------------------------- output


def table(headers: list[str], rows: list[list], title: str | None = None) -> str:
    """A plain-text table; numbers right-aligned. CJK characters count double."""

    def width(text: str) -> int:
        return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)

    def cell(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    text_rows = [[cell(v) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in text_rows]) for i, h in enumerate(headers)]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and rows for i in range(len(headers))
    ]

    def line(values):
        out = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - width(v))
            out.append(pad + v if numeric[i] else v + pad)
        return "  ".join(out).rstrip()

    lines = []
    if title:
        lines.append(title)
    lines.append(line(headers))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in text_rows)
    return "\n".join(lines)


def say(text: str = "") -> None:
    print(text, flush=True)


def progress(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%SZ', time.gmtime())}] {text}", file=sys.stderr, flush=True)


def write_json(path: str | os.PathLike | None, data: dict) -> None:
    if not path:
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def production_env(database: str, redis_number: int | None, **extra) -> dict:
    """Environment for the app as production would run it, on the scratch database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secret_key(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(database),
        LOG_LEVEL="WARNING",
    )
    if redis_number is not None:
        env["REDIS_URL"] = redis_url(redis_number)
    else:
        env.pop("REDIS_URL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env
