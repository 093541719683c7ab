#!/usr/bin/env python
"""Where person names are lost: in proposing candidates, or in choosing among them (development half only).

Usage: .venv/bin/python bench/ner_candidates.py MSRA_JSONL

Reads only the development half of the split in bench/ner_msra.py (the
held-out lines are dropped right after reading, before any extraction) and
prints, overall and on the development half's later lines, the precision and
recall of each candidate source alone and the recall of their union (the
ceiling a scorer choosing among them could reach):

- rules: every span the token rules propose (candidates.py), at any score,
  and the entries of unseparated name lists;
- LAC: the model's spans (it reads every clause);
- jieba nr: tokens jieba tagged nr / nrfg / nrt;
- pool: what selection chooses from (rules weighed with the model, its own
  names and its boundary mends, list entries);
- chosen: the extractor's output (with the model).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ner_msra import NEVER_TUNED_FROM, Spans, is_dev, prf  # noqa: E402


def sources(text: str) -> dict[str, Spans]:
    from people.extract.candidate_span import Candidate
    from people.extract.candidates import find_candidates
    from people.extract.combine import weigh_with_model
    from people.extract.lists import lists_the_model_reads, name_lists
    from people.extract.model import read_persons
    from people.extract.persons import find_persons
    from people.extract.tokens import NAME_TAGS, tokenize

    toks = tokenize(text)
    rules = find_candidates(text, toks)
    lists = name_lists(text, toks)
    list_spans = [(s, e) for _, _, s, e in lists]
    reading = read_persons(text)
    pool = weigh_with_model(text, toks, [Candidate(c.start, c.end, c.score, c.kind) for c in rules], reading)
    pool_spans = [(c.start, c.end) for c in pool] + [(s, e) for _, _, s, e in lists_the_model_reads(lists, reading)]
    return {
        "rules": [(c.start, c.end) for c in rules] + list_spans,
        "LAC": reading.spans,
        "jieba nr": [(t.start, t.end) for t in toks if t.flag in NAME_TAGS],
        "pool": pool_spans,
        "chosen": [(p.start, p.end) for p in find_persons(text, use_model=True)],
    }


def main(argv: list[str]) -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    rows = []
    with open(argv[0], encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            row = json.loads(line)
            if is_dev(row["id"]):  # the held-out half is never looked at here
                rows.append((number, row))
    found = [sources(row["text"]) for _, row in rows]
    gold = [{(s, e) for s, e, _ in row["persons"]} for _, row in rows]
    names = list(found[0])
    unions: dict[str, Callable[[dict[str, Spans]], set]] = {
        "rules ∪ LAC ∪ jieba": lambda f: set(f["rules"]) | set(f["LAC"]) | set(f["jieba nr"]),
        "pool ∪ LAC ∪ jieba": lambda f: set(f["pool"]) | set(f["LAC"]) | set(f["jieba nr"]),
    }
    parts = {
        f"dev ({len(rows)} lines)": range(len(rows)),
        f"dev, lines {NEVER_TUNED_FROM + 1}..": [k for k, (number, _) in enumerate(rows) if number >= NEVER_TUNED_FROM],
    }
    for part, idx in parts.items():
        golds = [gold[k] for k in idx]
        print(f"{part}: {sum(map(len, golds))} gold names")
        print(f"  {'source':<28}{'spans':>7}{'P':>7}{'R':>7}")
        for name in names:
            preds = [set(found[k][name]) for k in idx]
            precision, recall, _ = prf(golds, preds)
            print(f"  {name:<28}{sum(map(len, preds)):>7}{precision:7.3f}{recall:7.3f}")
        for name, union in unions.items():
            preds = [union(found[k]) for k in idx]
            precision, recall, _ = prf(golds, preds)
            print(f"  {name:<28}{sum(map(len, preds)):>7}{precision:7.3f}{recall:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
