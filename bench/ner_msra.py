#!/usr/bin/env python
"""Person-name precision, recall and F1, time and memory: the MSRA test set's two halves and the seed page.

Usage: .venv/bin/python bench/ner_msra.py MSRA_JSONL [--rules-only] [--errors N] [--dev-only]

MSRA_JSONL is the shared evaluation file (one JSON object a line: id, text,
persons); it is read where it lies, never copied into the project.  Its lines
are split once by a fixed rule (``is_dev``: the parity of the first byte of
the SHA-256 of each line's id) into a development half, which the rules and
their combination with the model are tuned on, and a held-out half, which is
only ever reported.  ``--errors N`` prints the N commonest mistakes of the
development half; the held-out half's mistakes are never printed.
``--dev-only`` prints no held-out figure at all, for the runs that try
changes out: the held-out totals are then looked at once per decided change.

Systems compared: jieba 0.42.1's raw ``nr`` tags, ``find_persons`` with the
rules alone, and ``find_persons`` with the model underneath (when its package
is installed).  The seed page is scored person by person, story by story,
against tests/people/data/seed_people.json (names and titles, hand-checked).
CPU time is process time on one thread (the model runs single-threaded),
best of two runs, divided by the number of sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

SEED_PAGE = ROOT / "fixtures" / "shuozhou-page-2022-11.txt"
SEED_GOLD = ROOT / "tests" / "people" / "data" / "seed_people.json"
TITLED_SENTENCES = ROOT / "tests" / "people" / "data" / "titled_sentences.tsv"
# One development line is a 617-name committee list: figures without lines of
# more than this many names show that it hides nothing.
LIST_LINE_NAMES = 100
# Before this split existed, the rules were tuned on the file's first 1,721 lines.
NEVER_TUNED_FROM = 1721

Spans = list[tuple[int, int]]


def is_dev(row_id: str) -> bool:
    """The fixed split: a line belongs to the development half when its id hashes even."""
    return hashlib.sha256(row_id.encode("utf-8")).digest()[0] % 2 == 0


def rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def jieba_raw(text: str) -> Spans:
    import jieba.posseg as pseg

    out, pos = [], 0
    for word, flag in pseg.cut(text):
        if flag == "nr":
            out.append((pos, pos + len(word)))
        pos += len(word)
    return out


def extractor(use_model: bool) -> Callable[[str], Spans]:
    from people.extract import find_persons

    def spans(text: str) -> Spans:
        return [(p.start, p.end) for p in find_persons(text, use_model=use_model)]

    return spans


def timed(rows: list[dict], fn: Callable[[str], Spans], runs: int = 2) -> tuple[list[Spans], float]:
    """Predictions and the best CPU seconds of ``runs`` passes (process time: robust on a shared machine)."""
    best = float("inf")
    preds: list[Spans] = []
    for _ in range(runs):
        started = time.process_time()
        preds = [fn(row["text"]) for row in rows]
        best = min(best, time.process_time() - started)
    return preds, best


def prf(gold: list[set], pred: list[set]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def seed_scores(use_model: bool) -> tuple[tuple[float, float, float], int, int]:
    """Person P/R/F1 on the seed page (story, name), and titles right among the people found."""
    from articles.importer.parse import parse_page
    from people.extract import people_in_story

    gold_items = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    gold_titles = {(item["headline"], name): title for item in gold_items for name, title in item["people"]}
    page = parse_page(SEED_PAGE.read_text(encoding="utf-8"))
    from articles.importer.plan import PlannedItem, story_text

    found: dict[tuple[str, str], str] = {}
    for item in page.items:
        if not item.blocks:
            continue
        headline = PlannedItem(item=item).headline
        bylines = [b.name for b in item.bylines if b.role != "credit"]
        for person in people_in_story(story_text(item), exclude=bylines, use_model=use_model):
            found[(headline, person.name)] = person.title
    scores = prf([set(gold_titles)], [set(found)])
    right = sum(1 for key, title in gold_titles.items() if key in found and found[key] == title)
    return scores, right, len(gold_titles)


def title_scores(use_model: bool) -> tuple[int, int, int]:
    """On the hand-annotated titled sentences: (titles right, people found, sentences)."""
    from people.extract import find_persons

    right = found = total = 0
    for line in TITLED_SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        sentence, name, title = line.split("\t")
        got = {person.name: person.title for person in find_persons(sentence, use_model=use_model)}
        total += 1
        found += name in got
        right += got.get(name) == title
    return right, found, total


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the MSRA person-span file (JSON lines)")
    parser.add_argument("--rules-only", action="store_true", help="skip the model even when it is installed")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N commonest development-half errors")
    parser.add_argument("--dev-only", action="store_true", help="print no held-out figure (while trying changes out)")
    args = parser.parse_args(argv)

    with open(args.path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]

    import jieba

    from people.extract import model_available

    jieba.setLogLevel(logging.WARNING)
    base_rss = rss_mb()
    started = time.perf_counter()
    extractor(False)("初始化")  # jieba's dictionary and the name statistics, loaded once
    print(f"init (jieba dict + name statistics): {time.perf_counter() - started:.2f}s, +{rss_mb() - base_rss:.0f} MB")

    systems: dict[str, Callable[[str], Spans]] = {"jieba nr": jieba_raw, "rules": extractor(False)}
    if not args.rules_only and model_available():
        before = rss_mb()
        started = time.perf_counter()
        extractor(True)("初始化")
        print(f"init (model): {time.perf_counter() - started:.2f}s, +{rss_mb() - before:.0f} MB")
        systems["rules+model"] = extractor(True)
    elif not args.rules_only:
        print("model: not installed (rules alone)")

    preds: dict[str, list[Spans]] = {}
    cpu: dict[str, float] = {}
    for name, fn in systems.items():
        preds[name], cpu[name] = timed(rows, fn)
    after_rss = rss_mb()

    dev = [k for k, row in enumerate(rows) if is_dev(row["id"])]
    held = [k for k, row in enumerate(rows) if not is_dev(row["id"])]
    parts = {
        f"dev ({len(dev)} lines)": dev,
        f"held-out ({len(held)} lines)": held,
        "dev w/o list line": [k for k in dev if len(rows[k]["persons"]) <= LIST_LINE_NAMES],
        "held-out w/o list line": [k for k in held if len(rows[k]["persons"]) <= LIST_LINE_NAMES],
        # the older rules were tuned on the file's first 1,721 lines, in both halves: the
        # held-out half's later lines are the one figure nobody ever tuned on
        f"dev, lines {NEVER_TUNED_FROM + 1}..": [k for k in dev if k >= NEVER_TUNED_FROM],
        f"never-tuned {NEVER_TUNED_FROM + 1}..": [k for k in held if k >= NEVER_TUNED_FROM],
    }
    if args.dev_only:
        parts = {part: idx for part, idx in parts.items() if not set(idx) & set(held)}
    gold = [{(s, e) for s, e, _ in row["persons"]} for row in rows]
    print(f"{'split':<26}{'system':<14}{'P':>7}{'R':>7}{'F1':>7}")
    for part, idx in parts.items():
        for name in systems:
            precision, recall, f1 = prf([gold[k] for k in idx], [set(preds[name][k]) for k in idx])
            print(f"{part:<26}{name:<14}{precision:7.3f}{recall:7.3f}{f1:7.3f}")
    for name in systems:
        if name == "jieba nr":
            continue
        (precision, recall, f1), right, total = seed_scores(name == "rules+model")
        print(f"{'seed page':<26}{name:<14}{precision:7.3f}{recall:7.3f}{f1:7.3f}  titles right {right}/{total}")
    for name in systems:
        if name != "jieba nr":
            right, found, total = title_scores(name == "rules+model")
            print(
                f"titled sentences ({name}): title right {right}/{total} ({right / total:.3f}), "
                f"person found {found}/{total}, title right when found {right / max(found, 1):.3f}"
            )
    for name, seconds in cpu.items():
        print(f"CPU per sentence: {name} {1000 * seconds / len(rows):.2f} ms ({len(rows)} sentences, best of 2)")
    print(f"memory: {after_rss - base_rss:.0f} MB above the process before loading anything")

    if args.errors:
        name = list(systems)[-1]
        false_pos, false_neg = Counter(), Counter()
        for k in dev:
            text, got = rows[k]["text"], set(preds[name][k])
            for s, e in got - gold[k]:
                false_pos[f"{text[max(0, s - 4) : s]}[{text[s:e]}]{text[e : e + 4]}"] += 1
            for s, e in gold[k] - got:
                false_neg[f"{text[max(0, s - 4) : s]}[{text[s:e]}]{text[e : e + 4]}"] += 1
        print(f"DEV false positives ({name}):", false_pos.most_common(args.errors))
        print(f"DEV false negatives ({name}):", false_neg.most_common(args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
