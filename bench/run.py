#!/usr/bin/env python
"""`make bench`: every benchmark of the project, one table per section.

    .venv/bin/python bench/run.py [SECTION ...] [--stories N] [--quick] [--admin-stories N] ...

Sections (all by default, in this order):
  load    corpus on a scratch PostgreSQL database, gunicorn + wrk per
          page type with the page cache cold and warm, static ceiling, SQL
          queries of a story page, admin changelist, 60-second soak
  import  print-page importer pages/s and peak memory, parse time
  corpus  bench/corpus_bench.py: stories whole on the generated development corpus
          (development and held-out parts) and the seed page; parse time per page
  ner     bench/ner_msra.py: person-name P/R/F1 and time vs jieba (MSRA test set)
  search  bench/search_bench.py: search p50/p95 vs icontains on a large corpus
  faults  bench/faults.py: soak on story, home and search pages while the
          server's own Redis is stopped and started twice and its database
          connections are cut once, beside the same soak without faults
  proof   bench/proof_bench.py: proofreading checks' precision (held-out test
          sentences, seed page, MSRA false alarms) and speed (10,000-entry word list)

Each section runs in its own process (its own Django settings and scratch
database) and cleans up after itself, on failure and Ctrl-C too. The printed
tables go to var/bench/report.txt and all figures to var/bench/results.json
(``--out`` changes the folder); progress lines go to stderr only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import postgres_reachable, redis_reachable, table  # noqa: E402
from bench.summary import summary_rows  # noqa: E402

SECTIONS = ["load", "import", "corpus", "ner", "search", "faults", "proof"]


class Report:
    def __init__(self, out: Path):
        self.out = out
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, results: dict) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "report.txt").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        (self.out / "results.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )


class Interrupted(Exception):
    pass


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def run_child(cmd: list[str], report: Report, env: dict | None = None, timeout: float | None = None) -> tuple[int, str]:
    """Run a section's process in its own session, echo its stdout into the
    report, and on Ctrl-C/SIGTERM send it exactly one SIGINT so that its own
    cleanup (try/finally) runs, then wait for it."""
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env or os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    captured = []
    deadline = time.monotonic() + timeout if timeout else None
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            captured.append(line)
            report.say(line)
            if deadline and time.monotonic() > deadline:
                raise TimeoutError(f"{cmd[1]} ran longer than {timeout:.0f}s")
        return proc.wait(), "\n".join(captured)
    except (KeyboardInterrupt, TimeoutError) as exc:
        if proc.poll() is None:
            print(f"\nstopping {Path(cmd[1]).name} (it cleans up after itself)...", file=sys.stderr, flush=True)
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted() from None
        report.say(f"{Path(cmd[1]).name}: {exc}")
        return -1, "\n".join(captured)


def section_json(name: str, out: Path) -> Path:
    return out / f"{name}.json"


def run_load(args, report, out):
    cmd = [sys.executable, "bench/load.py", "--out", str(out), "--json-out", str(section_json("load", out))]
    if args.quick:
        cmd.append("--quick")
    if args.no_install:
        cmd.append("--no-install")
    for flag, value in (
        ("--stories", args.stories),
        ("--admin-stories", args.admin_stories),
        ("--duration", args.duration),
        ("--soak-seconds", args.soak_seconds),
        ("--max-urls", args.max_urls),
        ("--pages", args.pages),
    ):
        if value is not None:
            cmd += [flag, str(value)]
    code, _ = run_child(cmd, report)
    return code, _read_json(section_json("load", out))


def run_import(args, report, out):
    cmd = [sys.executable, "bench/importer_bench.py", "--json-out", str(section_json("import", out))]
    if args.quick:
        cmd.append("--quick")
    if args.import_pages:
        cmd += ["--pages", str(args.import_pages)]
    code, _ = run_child(cmd, report)
    return code, _read_json(section_json("import", out))


def run_corpus(args, report, out):
    cmd = [sys.executable, "bench/corpus_bench.py", "--json-out", str(section_json("corpus", out))]
    if args.quick:
        cmd += ["--editions", "20"]
    env = {**os.environ, "DEBUG": "true"}
    code, _ = run_child(cmd, report, env=env)
    return code, _read_json(section_json("corpus", out))


def run_ner(args, report, out):
    script = ROOT / "bench" / "ner_msra.py"
    if not script.exists():
        report.say(f"skipped: {script.relative_to(ROOT)} does not exist")
        return 0, {"skipped": "bench/ner_msra.py missing"}
    if not args.ner_data:
        report.say("skipped: no --ner-data FILE (the MSRA person-span file)")
        return 0, {"skipped": "no --ner-data"}
    ner_data = Path(args.ner_data)
    if not ner_data.exists():
        report.say(f"skipped: {ner_data} not found")
        return 0, {"skipped": f"{ner_data} missing"}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "true"}
    started = time.perf_counter()
    code, text = run_child([sys.executable, "bench/ner_msra.py", str(ner_data)], report, env=env)
    figures = {"seconds": time.perf_counter() - started, "exit_code": code, "scores": {}, "cpu_ms": {}}
    for line in text.splitlines():
        m = re.match(r"(.+?)\s{2,}(jieba nr|rules\+model|rules)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            part = re.sub(r" \(.*\)$", "", m.group(1).strip())
            figures["scores"].setdefault(part, {})[m.group(2)] = {
                "P": float(m.group(3)),
                "R": float(m.group(4)),
                "F1": float(m.group(5)),
            }
        m = re.search(r"CPU per sentence: (.+?) ([\d.]+) ms", line)
        if m:
            figures["cpu_ms"][m.group(1)] = float(m.group(2))
        m = re.search(r"init \(jieba.*\): ([\d.]+)s", line)
        if m:
            figures["init_s"] = float(m.group(1))
    return code, figures


def run_proof(args, report, out):
    path = section_json("proof", out)
    cmd = [sys.executable, "bench/proof_bench.py", "--json", str(path)]
    if args.ner_data:
        cmd += ["--msra", str(args.ner_data)]
    code, _text = run_child(cmd, report)
    return code, _read_json(path)


def run_search(args, report, out):
    script = ROOT / "bench" / "search_bench.py"
    if not script.exists():
        report.say(f"skipped: {script.relative_to(ROOT)} does not exist")
        return 0, {"skipped": "bench/search_bench.py missing"}
    stories = args.search_stories or (2000 if args.quick else None)
    cmd = [sys.executable, "bench/search_bench.py"]
    help_text = subprocess.run(
        [sys.executable, "bench/search_bench.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    if stories and "--stories" in help_text:
        cmd += ["--stories", str(stories)]
    # Its own scratch database name, suffixed with our pid so that two runs never share one.
    if "--db" in help_text:
        cmd += ["--db", f"newsroom_bench_search_{os.getpid()}"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.setdefault("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    started = time.perf_counter()
    code, text = run_child(cmd, report, env=env)
    figures = {"seconds": time.perf_counter() - started, "exit_code": code, "stories": stories or 200_000}
    patterns = {
        "search": r"search_articles.*p50 ([\d.]+) ms\s+p95 ([\d.]+) ms",
        "icontains": r"icontains \(page 1.*p50 ([\d.]+) ms\s+p95 ([\d.]+) ms",
        "admin search": r"editors' search.*p50 ([\d.]+) ms\s+p95 ([\d.]+) ms",
    }
    for line in text.splitlines():
        for key, pattern in patterns.items():
            m = re.search(pattern, line)
            if m:
                figures[key] = {"p50_ms": float(m.group(1)), "p95_ms": float(m.group(2))}
        m = re.match(r"build .*: ([\d.]+) s", line)
        if m:
            figures["build_s"] = float(m.group(1))
        m = re.match(r"index .*: ([\d.]+) s", line)
        if m:
            figures["index_s"] = float(m.group(1))
        m = re.match(r"Search benchmark: (\d+) stories", line)
        if m:
            figures["stories"] = int(m.group(1))
    return code, figures


def run_faults(args, report, out):
    cmd = [sys.executable, "bench/faults.py", "--out", str(out), "--json-out", str(section_json("faults", out))]
    if args.quick:
        cmd.append("--quick")
    for flag, value in (
        ("--stories", args.fault_stories),
        ("--soak-seconds", args.soak_seconds),
        ("--max-urls", args.max_urls),
    ):
        if value is not None:
            cmd += [flag, str(value)]
    code, _ = run_child(cmd, report)
    return code, _read_json(section_json("faults", out))


RUNNERS = {
    "load": run_load,
    "import": run_import,
    "corpus": run_corpus,
    "ner": run_ner,
    "search": run_search,
    "faults": run_faults,
    "proof": run_proof,
}


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument(
        "sections",
        nargs="*",
        choices=SECTIONS + [[]],
        metavar="SECTION",
        help=f"any of {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument("--stories", type=int, help="load corpus size (default 20,000; 500 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs: a smoke run")
    parser.add_argument(
        "--admin-stories",
        type=int,
        help="corpus size for the admin changelist timing (default 200,000; skipped with --quick)",
    )
    parser.add_argument("--duration", type=float, help="seconds per wrk run (default 10; 5 with --quick)")
    parser.add_argument("--soak-seconds", type=float, help="soak length (default 60)")
    parser.add_argument("--pages", help="load: page types to drive, comma-separated (default all)")
    parser.add_argument("--max-urls", type=int, help="distinct URLs per page type (default 200)")
    parser.add_argument("--import-pages", type=int, help="editions to import (default 200; 10 with --quick)")
    parser.add_argument("--fault-stories", type=int, help="faults corpus (default 5,000; 500 with --quick)")
    parser.add_argument(
        "--search-stories", type=int, help="search_bench corpus (its default 200,000; 2,000 with --quick)"
    )
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="never apt-get install wrk (use the Python load generator when it is missing)",
    )
    parser.add_argument("--ner-data", metavar="FILE", help="ner: the MSRA person-span file (JSON lines), read in place")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"), help="output folder (default var/bench)")
    args = parser.parse_args(argv)
    sections = [s for s in SECTIONS if s in (args.sections or SECTIONS)]
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Not ignored (as a shell without job control leaves it for `cmd &`), so
    # that sections, which inherit it through exec, can be interrupted cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    report = Report(out)
    results = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "argv": sys.argv[1:] if argv is None else argv,
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "sections": {},
    }
    report.say(
        f"newsroom bench — {results['started']} — sections: {', '.join(sections)}"
        f"{' (quick)' if args.quick else ''} — {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    needs_pg = {"load", "import", "search", "faults"} & set(sections)
    problem = postgres_reachable() if needs_pg else None
    if "load" in sections and not problem:
        problem = redis_reachable()
    if problem:
        report.say(f"cannot run {', '.join(sorted(needs_pg))}: {problem}")
        results["error"] = problem
        report.write(results)
        return 2
    if needs_pg:
        from bench.common import drop_stale_databases

        for prefix in (
            "newsroom_bench_load",
            "newsroom_bench_import",
            "newsroom_bench_search",
            "newsroom_bench_faults",
        ):
            for name in drop_stale_databases(prefix):
                report.say(f"dropped {name}, left behind by a bench run that is gone")
    failed = []
    try:
        for name in sections:
            report.say()
            report.say(f"=== {name} " + "=" * (72 - len(name)))
            started = time.perf_counter()
            section_json(name, out).unlink(missing_ok=True)
            code, figures = RUNNERS[name](args, report, out)
            seconds = time.perf_counter() - started
            results["sections"][name] = {
                "exit_code": code,
                "seconds": round(seconds, 1),
                "figures": figures,
                "loadavg_after": os.getloadavg(),
            }
            section_json(name, out).unlink(missing_ok=True)
            report.say(f"--- {name}: {'done' if code == 0 else f'FAILED (exit {code})'} in {seconds:.0f} s")
            if code:
                failed.append(name)
            report.write(results)
    except Interrupted:
        report.say("interrupted: sections stopped and cleaned up")
        results["interrupted"] = True
        report.write(results)
        return 130
    report.say()
    report.say("=== summary " + "=" * 66)
    rows = summary_rows(results)
    if rows:
        report.say(table(["section", "figure", "value", "target", ""], rows))
    report.say(
        table(
            ["section", "seconds", "result"],
            [
                [n, s["seconds"], "ok" if s["exit_code"] == 0 else f"FAILED ({s['exit_code']})"]
                for n, s in results["sections"].items()
            ],
        )
    )
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["summary"] = rows
    report.say(f"figures: {out / 'results.json'}; this text: {out / 'report.txt'}")
    report.write(results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
