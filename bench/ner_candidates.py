#!/usr/bin/env python
"""Where person names are lost: in proposing candidates, or in choosing among them (development half only).

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

``--swapped`` adds a memorization check: each Chinese name of the development
half (two or three Han characters after a common surname) is replaced by a
made-up name of the same length, and each source's recall on those names is
printed as written and as made up.  A model whose training data held these
sentences finds the real names far more often than the made-up ones (Jiagu
0.2.3: 0.94 as written, 0.35 made up; LAC: 0.93 and 0.91); a figure on this
file from such a model says nothing about other text.

Usage: .venv/bin/python bench/ner_candidates.py MSRA_JSONL [--swapped]
"""

from __future__ import annotations

import json
import logging
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ner_msra import NEVER_TUNED_FROM, Spans, is_dev, prf  # noqa: E402

# What the memorization check puts in place of real names: common surnames
# and given-name characters, drawn with a fixed seed.
SWAP_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SWAP_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞斌宇浩凯健俊帆帅旭宁龙林欣颖佳琳晶晨阳"
    "雪梅琴云莉倩婷海波峰亮志新春雷东荣昌德成宏兵兴安振永庆家祥福瑞翠凤珍琼晓燕鑫"
)
SWAP_SEED = 14


def swap_names(text: str, persons: list, rng: random.Random) -> tuple[str, set]:
    """The text with each Chinese-shaped gold name replaced by a made-up one of the same length, and their spans.

    Same length, so every gold span stays where it was; names that do not
    start with a common surname (克林顿, 阿卜杜勒) are left as they are."""
    chars = list(text)
    swapped = set()
    for start, end, name in persons:
        if 2 <= len(name) <= 3 and name[0] in SWAP_SURNAMES and all("\u4e00" <= c <= "\u9fff" for c in name):
            chars[start:end] = [rng.choice(SWAP_SURNAMES)] + [rng.choice(SWAP_GIVEN) for _ in range(len(name) - 1)]
            swapped.add((start, end))
    return "".join(chars), swapped


def memorization(rows: list, found: list[dict[str, Spans]]) -> None:
    """Each source's recall on the swapped names, as written (from ``found``) and as made up."""
    rng = random.Random(SWAP_SEED)
    swaps = [swap_names(row["text"], row["persons"], rng) for _, row in rows]
    made_up = [sources(text) for text, _ in swaps]
    total = sum(len(spans) for _, spans in swaps)
    print(f"memorization check: {total} names replaced by made-up ones of the same length")
    print(f"  {'source':<28}{'as written':>12}{'made up':>9}")
    for name in found[0]:
        real = sum(len(spans & set(f[name])) for (_, spans), f in zip(swaps, found))
        fake = sum(len(spans & set(f[name])) for (_, spans), f in zip(swaps, made_up))
        print(f"  {name:<28}{real / total:12.3f}{fake / total:9.3f}")


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
    swapped = "--swapped" in argv
    argv = [arg for arg in argv if arg != "--swapped"]
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
    if swapped:
        memorization(rows, found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
