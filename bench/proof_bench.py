#!/usr/bin/env python
"""Proofreading checks: precision and recall on the annotated sentences
(development and held-out parts), findings on the seed page and false
alarms on the MSRA news sentences, and speed: a 10,000-entry word list over
a 5,000-character story (target < 10 ms) and every default check.

    .venv/bin/python bench/proof_bench.py [--json OUT] [--msra PATH]

Pure Python: no Django and no database. Prints a table and writes figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proofread import confusions  # noqa: E402
from proofread.evaluation import load, score  # noqa: E402
from proofread.rules import DEFAULT_ON, RULES  # noqa: E402
from proofread.run import Context, proofread  # noqa: E402
from proofread.wordlist import Entry, WordList, banned_words  # noqa: E402

SENTENCES = [ROOT / "tests" / "proofread" / "data" / "clean.txt", ROOT / "tests" / "proofread" / "data" / "planted.txt"]
SEED_TEXTS = ROOT / "tests" / "proofread" / "data" / "seed_texts.json"


def _timings_ms(fn, repeat: int = 50, clock=time.perf_counter) -> list[float]:
    fn()
    times = []
    for _ in range(repeat):
        started = clock()
        fn()
        times.append((clock() - started) * 1000)
    return times


def _median_ms(fn, repeat: int = 50) -> float:
    return statistics.median(_timings_ms(fn, repeat))


def _fresh(thing):
    """Forget the word list's last scan, so each timed run scans the story."""
    wordlist = getattr(thing, "wordlist", thing)
    wordlist._last = None
    confusions._wordlist()._last = None
    return thing


def speed(story: str) -> dict:
    rng = random.Random(7)
    alphabet = sorted({c for c in story if "\u4e00" <= c <= "\u9fff"})
    words = set()
    while len(words) < 10_000:
        words.add("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 4))))
    started = time.perf_counter()
    wordlist = WordList([Entry(w, "banned" if i % 2 else "caution") for i, w in enumerate(sorted(words))])
    build_ms = (time.perf_counter() - started) * 1000
    text = (story * (5000 // len(story) + 1))[:5000]
    context = Context(wordlist=wordlist, year=2022)
    return {
        "wordlist_entries": wordlist.size,
        "story_chars": len(text),
        "build_ms": round(build_ms, 1),
        "wordlist_ms": round(statistics.median(wl := _timings_ms(lambda: banned_words(text, _fresh(wordlist)))), 2),
        "wordlist_min_ms": round(min(wl), 2),
        # CPU time: what the scan costs, whatever else the shared machine runs meanwhile.
        "wordlist_cpu_ms": round(
            statistics.median(_timings_ms(lambda: banned_words(text, _fresh(wordlist)), 200, time.thread_time)), 2
        ),
        # What the machine does meanwhile: one pure-Python pass over the same text.
        "python_pass_ms": round(_median_ms(lambda: sum(1 for c in text if c == "的")), 2),
        "all_default_checks_ms": round(_median_ms(lambda: proofread(text, context, DEFAULT_ON), 20), 2),
        "per_check_ms": {
            rule.name: round(_median_ms(lambda r=rule: r.check(text, _fresh(context)), 20), 2) for rule in RULES
        },
    }


def sentences() -> dict:
    loaded = [s for path in SENTENCES for s in load(path)]
    parts = {"development": [s for s in loaded if not s.held_out], "held-out": [s for s in loaded if s.held_out]}
    result = {"sentences": len(loaded), "planted": sum(len(s.expected) for s in loaded)}
    for part, chosen in parts.items():
        result[part] = {
            name: {
                "true": sc.true,
                "false": sc.false,
                "precision": sc.precision,
                "recall": sc.recall,
                "false_examples": sc.false_examples[:5],
            }
            for name, sc in score(chosen).items()
        }
    return result


def seed_page() -> dict:
    """Findings of each default check on the seed page's stories, as the admin shows them."""
    if not SEED_TEXTS.exists():
        return {}
    counts: dict[str, int] = {}
    chars = 0
    for story in json.loads(SEED_TEXTS.read_text(encoding="utf-8")):
        chars += len(story["text"])
        for finding in proofread(story["text"], Context(year=2022)):
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return {"characters": chars, "findings": counts}


def msra(path: Path) -> dict:
    """Edited, published news text: nearly every finding on it is a false alarm."""
    if path is None or not path.exists():
        return {}
    text = "".join(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines())
    counts = {name: 0 for name in sorted(DEFAULT_ON)}
    for finding in proofread(text, Context()):
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return {"characters": len(text), "findings": counts}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--msra", type=Path, help="the MSRA person-span file (JSON lines), read in place")
    args = parser.parse_args(argv)
    figures = {"sentences": sentences(), "seed": seed_page(), "msra": msra(args.msra)}
    story = "".join(s["text"] for s in json.loads(SEED_TEXTS.read_text(encoding="utf-8")))
    figures["speed"] = speed(story)

    s = figures["sentences"]
    print(f"test sentences: {s['sentences']} ({s['planted']} planted errors); split by line number, odd = development")
    print(
        f"{'check':24} {'on':3} {'dev P':>6} {'dev R':>6} {'held-out P':>10} {'held-out R':>10} {'seed':>5} "
        f"{'MSRA':>5} {'ms/5k':>6}"
    )
    for rule in RULES:
        dev, held = s["development"].get(rule.name, {}), s["held-out"].get(rule.name, {})

        def fmt(value):
            return "-" if value is None else f"{value:.3f}"

        seed = figures["seed"].get("findings", {}).get(rule.name, 0)
        alarms = figures["msra"].get("findings", {}).get(rule.name, "-")
        print(
            f"{rule.name:24} {'yes' if rule.default_on else 'no':3} {fmt(dev.get('precision')):>6} "
            f"{fmt(dev.get('recall')):>6} {fmt(held.get('precision')):>10} {fmt(held.get('recall')):>10} "
            f"{seed:>5} {alarms:>5} {figures['speed']['per_check_ms'][rule.name]:>6}"
        )
    sp = figures["speed"]
    print(
        f"word list: {sp['wordlist_entries']:,} entries built in {sp['build_ms']} ms; one {sp['story_chars']:,}-char "
        f"story in {sp['wordlist_cpu_ms']} ms CPU (median), wall {sp['wordlist_ms']} ms median, "
        f"{sp['wordlist_min_ms']} ms best (target < 10 ms); "
        f"all default checks {sp['all_default_checks_ms']} ms; "
        f"one Python pass over the text {sp['python_pass_ms']} ms"
    )
    if figures["msra"]:
        print(
            f"MSRA: {figures['msra']['characters']:,} characters of edited news, joined in file order "
            "(findings there are false alarms or the source's own errors)"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
