#!/usr/bin/env python
"""Exact-span person-name P/R/F1 and time on the MSRA test set (person spans).

Usage: .venv/bin/python bench/ner_msra.py [PATH] [--errors N]

Compares jieba 0.42.1's raw ``nr`` tags with ``people.extract.find_persons``
on the dev half (first 1,721 lines), the held-out half (the rest) and the whole
file.  The data is read from ../shared/eval/ at run time, never copied.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

DEFAULT = os.path.join(ROOT, "..", "shared", "eval", "ner_msra_test.jsonl")
DEV_LINES = 1721


def jieba_raw(text: str) -> list[tuple[int, int]]:
    import jieba.posseg as pseg

    out, pos = [], 0
    for w, f in pseg.cut(text):
        if f == "nr":
            out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def ours(text: str) -> list[tuple[int, int]]:
    from people.extract import find_persons

    return [(p.start, p.end) for p in find_persons(text)]


def run(rows, fn):
    """Predictions and CPU seconds (process time: robust on a shared machine)."""
    t0 = time.process_time()
    preds = [fn(r["text"]) for r in rows]
    return preds, time.process_time() - t0


def prf(rows, preds):
    tp = fp = fn = 0
    for r, p in zip(rows, preds):
        g = {(s, e) for s, e, _ in r["persons"]}
        p = set(p)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    n_err = 0
    if "--errors" in argv:
        n_err = int(argv[argv.index("--errors") + 1])
        args = [a for a in args if a != str(n_err)]
    path = args[0] if args else DEFAULT
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]

    import jieba

    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    jieba.initialize()
    from people.extract import find_persons

    find_persons("初始化")  # load jieba posseg + character statistics once
    print(f"init (jieba dict + name statistics): {time.perf_counter() - t0:.2f}s")

    # alternate the two systems three times and keep each one's fastest run
    tbs, tos = [], []
    for _ in range(3):
        base_preds, tb = run(rows, jieba_raw)
        our_preds, to = run(rows, ours)
        tbs.append(tb)
        tos.append(to)
    tb, to = min(tbs), min(tos)

    n = len(rows)
    everything = list(range(n))
    # One dev line is a 617-name committee list (31% of all gold names); show
    # the figures without such list lines too, so they cannot hide anything.
    no_lists = [k for k in everything if len(rows[k]["persons"]) <= 100]
    parts = {
        "dev (1..1721)": everything[:DEV_LINES],
        "held-out (1722..)": everything[DEV_LINES:],
        "whole": everything,
        "dev w/o list line": [k for k in no_lists if k < DEV_LINES],
        "whole w/o list line": no_lists,
    }
    print(f"{'split':<22}{'system':<14}{'P':>7}{'R':>7}{'F1':>7}")
    for name, idx in parts.items():
        for sysname, preds in (("jieba nr", base_preds), ("find_persons", our_preds)):
            P, R, F = prf([rows[k] for k in idx], [preds[k] for k in idx])
            print(f"{name:<22}{sysname:<14}{P:7.3f}{R:7.3f}{F:7.3f}")
    print(f"CPU time, whole file (best of 3): jieba nr {tb:.2f}s, find_persons {to:.2f}s, ratio {to / tb:.2f}x")

    if n_err:
        fpc, fnc = Counter(), Counter()
        for r, p in zip(rows[:DEV_LINES], our_preds[:DEV_LINES]):
            g = {(s, e) for s, e, _ in r["persons"]}
            for s, e in set(p) - g:
                fpc[r["text"][max(0, s - 4):s] + "[" + r["text"][s:e] + "]" + r["text"][e:e + 4]] += 1
            for s, e in g - set(p):
                fnc[r["text"][max(0, s - 4):s] + "[" + r["text"][s:e] + "]" + r["text"][e:e + 4]] += 1
        print("DEV false positives:", fpc.most_common(n_err))
        print("DEV false negatives:", fnc.most_common(n_err))


if __name__ == "__main__":
    main(sys.argv[1:])
