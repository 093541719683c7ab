"""The load section's targets and the tables that hold its HTTP figures against them."""

from __future__ import annotations

from bench.common import table
from bench.load_http import PAGE_TYPES, WORKERS

TARGET_STORY_QUERIES = 8
TARGET_ADMIN_MS = 300
TARGET_STATIC_RATIO = 2.0
TARGET_STORY_P99_MS = 50


def http_table(figures: dict) -> str:
    rows = []
    order = ["static"] + PAGE_TYPES
    for kind in order:
        for state, label in (("cold", "cold"), ("cold_latency", "cold"), ("warm", "warm")):
            r = figures["http"].get(state, {}).get(kind)
            if r is None:
                continue
            rows.append(
                [
                    kind,
                    label,
                    r["connections"],
                    r["rps"],
                    round(r["p50_ms"], 1),
                    round(r["p99_ms"], 1),
                    r["requests"],
                    r["errors"],
                    r["non_2xx_3xx"],
                    r["status"]["5xx"],
                    r["distinct_urls"],
                ]
            )
    return table(
        ["page", "cache", "conns", "req/s", "p50 ms", "p99 ms", "requests", "errors", "non-2xx/3xx", "5xx", "URLs"],
        rows,
        title=f"HTTP ({figures['load_generator']}; gunicorn -w {WORKERS} sync, DEBUG=false; "
        f"-t2, {figures['duration_s']:g}s per row; -c{figures['connections']} unless said: "
        f"-c{WORKERS} is the cold story page's latency run)",
    )


def story_latency_verdict(figures: dict, connections: int) -> str:
    """The cold story page's latency (the target's figure) and, apart, its throughput under queueing."""
    latency = figures["http"].get("cold_latency", {}).get("story")
    loaded = figures["http"].get("cold", {}).get("story")
    if not latency:
        return "cold story page latency: not measured"
    in_process = figures.get("queries", {}).get("story", {}).get("in_process_ms_median")
    ok = latency["requests"] and latency["p99_ms"] < TARGET_STORY_P99_MS
    text = (
        f"cold story page latency (page cache off, -c{latency['connections']}: one connection per sync worker): "
        f"p50 {latency['p50_ms']:.1f} ms, p99 {latency['p99_ms']:.1f} ms, {latency['rps']:.0f} req/s "
        f"(target p99 < {TARGET_STORY_P99_MS} ms: {'OK' if ok else 'NOT MET'})"
    )
    if in_process is not None:
        text += f"; {in_process:.1f} ms in-process"
    if loaded:
        text += (
            f"\ncold story page under load (-c{connections}, queueing on {WORKERS} workers; throughput, not the "
            f"target's latency): {loaded['rps']:.0f} req/s, p50 {loaded['p50_ms']:.1f} ms, "
            f"p99 {loaded['p99_ms']:.1f} ms"
        )
    return text
