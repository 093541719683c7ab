"""`make bench`'s closing summary: each section's headline figures beside their
targets, so that one table says which targets the project meets."""

from __future__ import annotations


def summary_rows(results: dict) -> list[list]:
    """The headline figures against their targets."""
    rows = []
    load = results["sections"].get("load", {}).get("figures", {})
    if load:
        q = load.get("story_queries_max")
        rows.append(["load", "SQL queries, cold story page (max)", q, "≤ 8", _ok(q is not None and q <= 8)])
        ratio = load.get("static_to_warm_story_ratio")
        rows.append(
            [
                "load",
                "static req/s ÷ warm story req/s",
                round(ratio, 2) if ratio else None,
                "≤ 2",
                _ok(ratio is not None and ratio <= 2),
            ]
        )
        latency = load.get("http", {}).get("cold_latency", {}).get("story")
        if latency:
            rows.append(
                [
                    "load",
                    f"cold story p99 ms, -c{latency['connections']} (one per worker)",
                    round(latency["p99_ms"], 1),
                    "< 50",
                    _ok(bool(latency["requests"]) and latency["p99_ms"] < 50),
                ]
            )
        for key, label in (("at_corpus", "admin changelist ms (corpus)"), ("at_admin_stories", "admin changelist ms")):
            a = load.get("admin", {}).get(key)
            if a and "median_ms" in a:
                rows.append(
                    [
                        "load",
                        f"{label}, {a['stories']:,} stories",
                        round(a["median_ms"], 1),
                        "< 300",
                        _ok(a["median_ms"] < 300),
                    ]
                )
        for state, soak in load.get("soaks", {}).items():
            bad = soak["errors"] + soak["status"]["5xx"]
            target = "0" if state == "warm" else "(info)"
            rows.append(
                [
                    "load",
                    f"soak {state} {soak['seconds']:.0f}s -c{soak['connections']}: errors + 5xx",
                    bad,
                    target,
                    _ok(bad == 0) if state == "warm" else "",
                ]
            )
        http = load.get("http", {})
        errors = sum(r["errors"] + r["non_2xx_3xx"] for state in http.values() for r in state.values())
        rows.append(["load", "errors + non-2xx/3xx over all page runs", errors, "0", _ok(errors == 0)])
        empty = sum(1 for state in http.values() for r in state.values() if not r["requests"])
        rows.append(["load", "page runs with no completed request", empty, "0", _ok(empty == 0)])
    faults = results["sections"].get("faults", {}).get("figures", {})
    if faults.get("faulty"):
        by_phase = {r["phase"]: r for r in faults["faulty"]}
        redis_5xx = sum(r["status"]["5xx"] for name, r in by_phase.items() if "Redis" in name)
        cut = by_phase["database cut"]["status"]
        rows.append(["faults", "5xx while Redis was stopped and back", redis_5xx, "0", _ok(redis_5xx == 0)])
        rows.append(
            [
                "faults",
                "5xx other than 503 while the database was cut",
                cut["5xx"] - cut.get("503", 0),
                "0",
                _ok(cut["5xx"] == cut.get("503", 0)),
            ]
        )
    imp = results["sections"].get("import", {}).get("figures", {})
    if imp.get("import"):
        rows.append(
            ["import", f"pages/s ({imp['import']['pages']} editions)", round(imp["import"]["pages_per_s"], 2), "-", ""]
        )
        rows.append(["import", "peak RSS MB (in-process)", round(imp["import"]["maxrss_mb_after"]), "-", ""])
        if imp.get("command", {}).get("peak_rss_mb"):
            rows.append(
                ["import", "peak RSS MB (manage.py import_print_page)", round(imp["command"]["peak_rss_mb"]), "-", ""]
            )
    if imp.get("parse"):
        rows.append(
            [
                "import",
                "parse_page median ms",
                round(imp["parse"]["median_ms"], 1),
                "< 50",
                _ok(imp["parse"]["median_ms"] < 50),
            ]
        )
    corpus = results["sections"].get("corpus", {}).get("figures", {})
    if "held_out_whole" in corpus:
        rows.append(["corpus", "stories whole, development part", f"{100 * corpus['development_whole']:.1f}%", "-", ""])
        rows.append(
            [
                "corpus",
                "stories whole, held-out part",
                f"{100 * corpus['held_out_whole']:.1f}%",
                "≥ 95%",
                _ok(corpus["held_out_whole"] >= 0.95),
            ]
        )
        if corpus.get("fresh", {}).get("editions"):
            rows.append(
                [
                    "corpus",
                    f"stories whole, fresh corpus (seed {corpus['fresh']['seed']}, never tuned on)",
                    f"{100 * corpus['fresh_whole']:.1f}%",
                    "≥ 95%",
                    _ok(corpus["fresh_whole"] >= 0.95),
                ]
            )
        rows.append(
            [
                "corpus",
                "seed page items exact",
                f"{corpus['seed']['whole']}/{corpus['seed']['items']}",
                "11/11",
                _ok(corpus["seed"]["whole"] == corpus["seed"]["items"] == 11),
            ]
        )
        rows.append(
            [
                "corpus",
                "parse_page median ms (corpus pages)",
                round(corpus["parse_ms"]["median"], 1),
                "< 50",
                _ok(corpus["parse_ms"]["median"] < 50),
            ]
        )
    ner = results["sections"].get("ner", {}).get("figures", {})
    held = ner.get("scores", {}).get("held-out", {})
    for system in ("rules+model", "rules", "jieba nr"):
        if system in held:
            s = held[system]
            ok = s["F1"] >= 0.86 and s["P"] >= 0.90
            rows.append(
                [
                    "ner",
                    f"{system} P/R/F1 (held-out half)",
                    f"{s['P']:.3f}/{s['R']:.3f}/{s['F1']:.3f}",
                    "F1 >= 0.86, P >= 0.90",
                    _ok(ok) if system != "jieba nr" else "",
                ]
            )
    # the held-out lines no rule was ever tuned on: the honest figure for the same target
    never = next((v for k, v in ner.get("scores", {}).items() if k.startswith("never-tuned")), {})
    if "rules+model" in never:
        s = never["rules+model"]
        rows.append(
            [
                "ner",
                "rules+model P/R/F1 (never-tuned lines)",
                f"{s['P']:.3f}/{s['R']:.3f}/{s['F1']:.3f}",
                "F1 >= 0.86, P >= 0.90",
                _ok(s["F1"] >= 0.86 and s["P"] >= 0.90),
            ]
        )
    for system, ms in ner.get("cpu_ms", {}).items():
        rows.append(
            [
                "ner",
                f"{system} CPU ms per sentence",
                ms,
                "<= 5" if system == "rules+model" else "-",
                _ok(ms <= 5) if system == "rules+model" else "",
            ]
        )
    search = results["sections"].get("search", {}).get("figures", {})
    for key in ("search", "icontains", "admin search"):
        if key in search:
            rows.append(
                [
                    "search",
                    f"{key} p50/p95 ms ({search.get('stories', 0):,} stories)",
                    f"{search[key]['p50_ms']:.1f}/{search[key]['p95_ms']:.1f}",
                    "-",
                    "",
                ]
            )
    return rows


def _ok(flag: bool) -> str:
    return "OK" if flag else "NOT MET"
