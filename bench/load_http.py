"""The load section's HTTP side: gunicorn serving the scratch database as
production would, and the runs that drive it (probe, warm-up, one wrk run per
page type, each drained before the next)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench import httpload
from bench.common import ROOT, free_port, kill_group, progress

PAGE_TYPES = ["home", "story", "department", "tag", "person", "edition", "search"]
# gunicorn sync workers, the deployment the README describes. The cold latency run drives
# one connection per worker: with more, a request's time is mostly its wait
# behind the others (Little's law: at -c8 each waits behind ~3), which the
# -c8 rows show as throughput.
WORKERS = 2


class Server:
    """gunicorn newsroom.wsgi -w 2 on a free port, in its own process group."""

    def __init__(self, env: dict, log: Path, workers: int = WORKERS):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        cmd += [
            "newsroom.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--error-logfile",
            str(log),
        ]
        self.log = log
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}; see {self.log}:\n"
                    + self.log.read_text(errors="replace")[-3000:]
                )
            try:
                status, *_ = httpload.get(self.base, "/robots.txt", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {timeout}s; see {self.log}")

    def stop(self):
        kill_group(self.proc)


def probe(base: str, urls: dict[str, list[str]]) -> tuple[dict, dict]:
    """Which page types answer; those that 404 (or fail) on their first URLs are skipped."""
    usable, skipped = {}, {}
    for kind, paths in urls.items():
        statuses = []
        for path in paths[:3]:
            try:
                statuses.append(httpload.get(base, path)[0])
            except OSError as exc:
                statuses.append(str(exc))
        if all(s == 404 for s in statuses):
            skipped[kind] = f"{paths[0]} answers 404 (page type not available)"
        else:
            usable[kind] = paths
            if any(s != 200 for s in statuses):
                progress(f"note: {kind} first URLs answered {statuses}")
    return usable, skipped


def cache_headers(base: str, path: str) -> dict:
    status, headers, _, seconds = httpload.get(base, path)
    keep = {
        k: v for k, v in headers.items() if k in ("cache-control", "expires", "age", "x-cache", "x-page-cache", "vary")
    }
    return {"status": status, "seconds": round(seconds, 4), **keep}


def drive(run, base, urls, kinds, seconds, connections, label, results):
    for kind in kinds:
        if kind not in urls:
            continue
        progress(f"{label}: {kind} ({len(urls[kind])} URLs, {seconds:g}s, -c{connections})")
        results[kind] = run(base=base, paths=urls[kind], seconds=seconds, connections=connections, threads=2)
        drain(base)
        r = results[kind]
        progress(
            f"  {r['rps']:.1f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
            f"errors {r['errors']}, non-2xx/3xx {r['non_2xx_3xx']}"
        )


def drain(base: str, workers: int = 2) -> None:
    """Wait out the requests wrk left queued when it stopped: sync workers still
    serve them, and the next run must not pay for the previous one's backlog."""
    for _ in range(workers):
        try:
            httpload.get(base, "/robots.txt", timeout=180)
        except OSError:
            pass


def warm_up(base: str, urls: dict[str, list[str]]) -> dict:
    started = time.perf_counter()
    statuses = {}
    for paths in urls.values():
        for path in paths:
            status = httpload.get(base, path)[0]
            statuses[status] = statuses.get(status, 0) + 1
    return {"seconds": round(time.perf_counter() - started, 1), "statuses": statuses}
