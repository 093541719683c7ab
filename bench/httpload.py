"""Driving a server with HTTP load: wrk (with bench/rotate.lua) when installed,
else a plain Python load generator (threads + http.client), which is slower
and says so in the results."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path

from bench.common import ROOT, progress

LUA = ROOT / "bench" / "rotate.lua"


def ensure_wrk(install: bool = True) -> tuple[str | None, str]:
    """(path to wrk or None, a note saying where it came from)."""
    path = shutil.which("wrk")
    if path:
        return path, "wrk (installed)"
    if not install:
        return None, "wrk not installed: Python load generator (threads + http.client), slower than wrk"
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        progress("wrk missing: apt-get install -y wrk")
        for cmd in ([apt, "install", "-y", "wrk"], [apt, "update"], [apt, "install", "-y", "wrk"]):
            try:
                subprocess.run(
                    cmd, capture_output=True, timeout=300, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
                )
            except (OSError, subprocess.TimeoutExpired):
                break
            path = shutil.which("wrk")
            if path:
                return path, "wrk (installed by the bench with apt-get install -y wrk)"
    return None, "wrk unavailable (no apt): Python load generator (threads + http.client), slower than wrk"


def run_wrk(
    wrk: str, base: str, paths: list[str], seconds: float, connections: int, threads: int, workdir: Path
) -> dict:
    paths_file = workdir / f"paths-{os.getpid()}-{time.monotonic_ns()}.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    try:
        cmd = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base,
            "--",
            str(paths_file),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        paths_file.unlink(missing_ok=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    raw = json.loads(line[len("WRK_JSON ") :])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_run, 2),
        "rps": raw["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["err_connect"] + raw["err_read"] + raw["err_write"] + raw["err_timeout"],
        "errors_detail": {k: raw[k] for k in ("err_connect", "err_read", "err_write", "err_timeout")},
        "non_2xx_3xx": raw["non_2xx_3xx"],
        "status": {
            "2xx": raw["s2xx"],
            "3xx": raw["s3xx"],
            "4xx": raw["s4xx"],
            "5xx": raw["s5xx"],
            "503": raw.get("s503", 0),
        },
        "bytes": raw["bytes"],
        "connections": connections,
        "threads": threads,
        "distinct_urls": len(paths),
        "tool": "wrk",
    }


def run_python(base: str, paths: list[str], seconds: float, connections: int, **_) -> dict:
    """Fallback load generator: one thread per connection, keep-alive where the server allows."""
    host, port = base.split("//", 1)[1].split(":")
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, statuses, errors = [], {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, "503": 0}, [0]
    bytes_read = [0]

    def worker(offset):
        conn = None
        i = offset
        local_lat, local_status, local_err, local_bytes = [], {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, "503": 0}, 0, 0
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                local_bytes += len(body)
                local_lat.append(time.perf_counter() - start)
                local_status[f"{min(resp.status // 100, 5)}xx"] += 1
                local_status["503"] += resp.status == 503
                if resp.getheader("Connection", "").lower() == "close" or resp.version == 10:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                local_err += 1
                if conn is not None:
                    conn.close()
                conn = None
        with lock:
            latencies.extend(local_lat)
            for k, v in local_status.items():
                statuses[k] += v
            errors[0] += local_err
            bytes_read[0] += local_bytes

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(k * 7919,)) for k in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50),
        "p90_ms": pct(90),
        "p99_ms": pct(99),
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
        "errors": errors[0],
        "errors_detail": {},
        "non_2xx_3xx": statuses["4xx"] + statuses["5xx"],
        "status": statuses,
        "bytes": bytes_read[0],
        "connections": connections,
        "threads": connections,
        "distinct_urls": len(paths),
        "tool": "python",
    }


def get(base: str, path: str, timeout: float = 30) -> tuple[int, dict, bytes, float]:
    """One GET: (status, headers, body, seconds)."""
    host, port = base.split("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        start = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body, time.perf_counter() - start
    finally:
        conn.close()


def median(values):
    return statistics.median(values) if values else None
