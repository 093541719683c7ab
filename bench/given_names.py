#!/usr/bin/env python
"""Precision of the given names the search index adds for people named in running text.

Usage: .venv/bin/python bench/given_names.py [MSRA_JSONL]

A given name (永红) is indexed before a token read as a person's full name
(韩永红), so that searching it finds the story. A hit is true when that full
name is a person: on the seed page, one of its hand-checked people
(tests/people/data/seed_people.json) or a person its bylines credit
(fixtures/seed-page.json); in the MSRA test set (the shared evaluation file,
read where it lies), one of the sentence's person spans. Recall: of the gold
names of three characters with a one-character surname, those whose given
name is among the text's tokens (added, or a word of jieba's own). Pure Python:
no database.

The person extractor this index asks was tuned on the MSRA file's
development half (``bench/ner_msra.py``'s fixed split): the MSRA figure is
printed for each half and for the never-tuned lines, the one to quote.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from articles.search import tokens as tk  # noqa: E402
from bench.ner_msra import NEVER_TUNED_FROM, is_dev  # noqa: E402
from people.names import SURNAMES_SINGLE  # noqa: E402

SEED_PAGE = ROOT / "fixtures" / "shuozhou-page-2022-11.txt"
SEED_GOLD = ROOT / "tests" / "people" / "data" / "seed_people.json"
SEED_FIXTURE = ROOT / "fixtures" / "seed-page.json"
DEFAULT_MSRA = ROOT.parent / "shared" / "eval" / "ner_msra_test.jsonl"


def given_name_hits(text: str) -> list[str]:
    """The full names whose given name tokenize() indexes, once per occurrence:
    the tokens it adds to jieba's search-mode words, each put before its name."""
    hits = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        words = list(tk._clean(jieba.cut_for_search(tk.normalize(paragraph.strip()))))
        indexed, j = tk.tokenize(paragraph), 0
        for i, token in enumerate(indexed):
            if j < len(words) and token == words[j]:
                j += 1
            else:
                hits.append(indexed[i + 1])
    return hits


def _indexable(name: str) -> bool:
    return len(name) == 3 and name[0] in SURNAMES_SINGLE


def score(samples) -> dict:
    """``samples``: (text, gold names) pairs."""
    true = false = found = gold_total = 0
    wrong: dict[str, int] = {}
    for text, gold in samples:
        hits = given_name_hits(text)
        for name in hits:
            if name in gold:
                true += 1
            else:
                false += 1
                wrong[name] = wrong.get(name, 0) + 1
        indexable = {name for name in gold if _indexable(name) and name in text}
        gold_total += len(indexable)
        tokens = set(tk.tokenize(text))
        found += sum(name[1:] in tokens for name in indexable)
    return {
        "hits": true + false,
        "precision": round(true / (true + false), 3) if true + false else None,
        "recall": round(found / gold_total, 3) if gold_total else None,
        "false": sorted(wrong.items(), key=lambda kv: -kv[1])[:15],
    }


def _seed_bylined() -> set[str]:
    rows = json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    credited = {
        row["fields"]["person"][0] for row in rows if row["model"] == "articles.byline" and row["fields"]["person"]
    }
    return {
        row["fields"]["name"] for row in rows if row["model"] == "people.person" and row["fields"]["slug"] in credited
    }


def seed_samples():
    page = SEED_PAGE.read_text(encoding="utf-8")
    gold = {name for story in json.loads(SEED_GOLD.read_text(encoding="utf-8")) for name, _ in story["people"]}
    return [(page, gold | _seed_bylined())]


def seed_as_indexed() -> dict:
    """Distinct names on the seed page whose given name the index holds: from
    its text, and from its byline people as the index reads a person's name
    (``person_name_tokens``; before it existed, ``name_tokens``)."""
    [(page, gold)] = seed_samples()
    person_tokens = getattr(tk, "person_name_tokens", tk.name_tokens)
    names = set(given_name_hits(page))
    names |= {name for name in _seed_bylined() if _indexable(name) and name[1:] in person_tokens(name)}
    tokens = set(tk.tokenize(page)) | {t for name in _seed_bylined() for t in person_tokens(name)}
    indexable = {name for name in gold if _indexable(name)}
    return {
        "names": len(names),
        "precision": round(len(names & gold) / len(names), 3) if names else None,
        "recall": round(sum(name[1:] in tokens for name in indexable) / len(indexable), 3),
        "false": sorted(names - gold),
    }


def msra_parts(path: Path) -> dict[str, list]:
    """The MSRA file's (text, names) samples: all of them, and each part of the fixed split."""
    parts = {"all": [], "development half": [], "held-out half": [], "never-tuned": []}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            row = json.loads(line)
            sample = (row["text"], {name for _, _, name in row["persons"]})
            parts["all"].append(sample)
            if is_dev(row["id"]):
                parts["development half"].append(sample)
            else:
                parts["held-out half"].append(sample)
                if number >= NEVER_TUNED_FROM:
                    parts["never-tuned"].append(sample)
    return parts


def main(argv):
    msra = Path(argv[1]) if len(argv) > 1 else DEFAULT_MSRA
    started = time.process_time()
    print("seed page, running text:", json.dumps(score(seed_samples()), ensure_ascii=False))
    print("seed page as indexed, distinct names:", json.dumps(seed_as_indexed(), ensure_ascii=False))
    if msra.exists():
        for part, samples in msra_parts(msra).items():
            print(f"MSRA test set, {part}:", json.dumps(score(samples), ensure_ascii=False))
    else:
        print(f"MSRA test set: {msra} not found, skipped")
    print(f"CPU {time.process_time() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv)
