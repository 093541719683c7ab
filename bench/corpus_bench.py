#!/usr/bin/env python
"""The importer on pages it has never seen: the development corpus and the seed page.

    .venv/bin/python bench/corpus_bench.py [--editions 100] [--per-page] [--json-out FILE]
                                           [--fresh-seed 2026] [--fresh-editions 50] [--wide]
                                           [--dev-seeds 99,101,103,105] [--dev-editions 200]

Composes the development corpus (tests/importer/corpus/generate.py, fixed
seed) from the MSRA test sentences, read at generation time and never
stored, and scores the parser on it: the share of stories *whole* (headline
found, body identical after whitespace, paragraphs joined exactly where the
print broke them, continuations on other pages joined), on the development
part (tuned on) and the held-out part (every fourth edition, never tuned
on), plus bylines, datelines, kickers and photos; then the seed page against
its hand-checked parse, and the parse time of one page once jieba has loaded
(median over the corpus pages; target < 50 ms).  ``--per-page`` parses every
page alone (no edition join), as the importer did before edition imports.

A second, *fresh* corpus is composed from another seed (``--fresh-seed``,
``--fresh-editions``; 0 editions to skip it): other stories from the same
sentences in other conventions and layouts, none of it ever looked at while
tuning, every edition of it scored together.  It checks the held-out figure,
not the generator: both corpora come from the same generator, whose
conventions are the ones the parser was built for.  ``--wide`` composes both
with more conventions of real pages (tests/importer/corpus/wider.py), drawn
from a random stream of their own so the corpus without them is unchanged;
their hand-written phrases are split, one half for the development editions,
the other for the held-out editions and the fresh corpus.

``--dev-seeds`` composes a larger sample for tuning: ``--dev-editions``
editions from each seed, of which only the development editions are parsed
and scored (the held-out quarter, which prints the held-out phrases, is
skipped).  It may be looked at story by story.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MSRA = ROOT.parent.parent / "shared" / "eval" / "ner_msra_test.jsonl"
MSRA = Path(os.environ.get("MSRA_TEST_JSONL", MSRA if MSRA.exists() else "/work/shared/eval/ner_msra_test.jsonl"))


def per_page_items(edition):
    from articles.importer.parse import parse_page
    from tests.importer.corpus.score import from_item

    return [from_item(item, page.number) for page in edition.pages for item in parse_page(page.text).items]


def seed_score() -> tuple[int, int]:
    from articles.importer.parse import parse_page
    from tests.importer.seed_expected import SEED_EXPECTED
    from tests.importer.test_parse import SEED, summary

    got = [summary(item) for item in parse_page(SEED).items]
    return sum(1 for g, e in zip(got, SEED_EXPECTED) if g == e) if len(got) == len(SEED_EXPECTED) else 0, len(
        SEED_EXPECTED
    )


def pathological_pages() -> dict[str, str]:
    """Text at the limits of what the page checks let through, shaped to make the parser work hardest."""
    import random

    rng = random.Random(3)
    chars = "冲在疫线的政协人王荣李张杨岗吭一声不空隙给家人党员干部着了市委有号召政协行动"

    def line(n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    return {
        "1,999 lines of open paragraphs": "\n".join(line(30) + "，" + line(8) for _ in range(1999)),
        "1,999 heading-like lines": "有标点的正文在这里，一行。\n" + "\n".join(line(8) for _ in range(1999)),
        "600 stories, all left mid-sentence": "\n".join(
            f"{line(8)}\n本报记者　王伟\n{line(30)}，{line(6)}" for _ in range(600)
        ),
        "20 lines of 4,996 characters": "\n".join(line(4990) + "，" + line(5) for _ in range(20)),
        # Names and spaced characters as bylines and photo credits print them, a line long.
        "20 lines of 4,991 characters, names spaced as bylines print them": "有标点的正文在这里，一行。\n"
        + "\n".join(" ".join(line(2) for _ in range(1700))[:4990] + "。" for _ in range(20)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=100, help="editions to compose (default 100, ~250 pages)")
    parser.add_argument("--per-page", action="store_true", help="parse pages alone, without joining an edition")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument(
        "--wide",
        action="store_true",
        help="add the conventions of tests/importer/corpus/wider.py (repeated headlines, other kickers and subheads)",
    )
    parser.add_argument("--fresh-seed", type=int, default=2026, help="seed of the fresh, never-tuned corpus")
    parser.add_argument("--fresh-editions", type=int, default=50, help="editions of the fresh corpus (0: skip it)")
    parser.add_argument(
        "--dev-seeds",
        default="",
        help="comma-separated seeds of an extra development-only sample, for tuning (default: none)",
    )
    parser.add_argument("--dev-editions", type=int, default=200, help="editions composed per --dev-seeds seed")
    args = parser.parse_args(argv)
    from articles.importer.seams import tokenizer
    from tests.importer.corpus.generate import CORPUS_SEED, generate, msra_source
    from tests.importer.corpus.score import Score, parse_edition_items, score_edition

    if not MSRA.exists():
        print(f"skipped: {MSRA} not found (set MSRA_TEST_JSONL)")
        return 0
    tokenizer()
    editions = generate(msra_source(MSRA), args.editions, CORPUS_SEED, wide=args.wide)
    pages = sum(len(e.pages) for e in editions)
    scores = {"development": Score(), "held-out": Score()}
    started = time.perf_counter()
    for edition in editions:
        parsed = per_page_items(edition) if args.per_page else parse_edition_items(edition)
        scores["held-out" if edition.held_out else "development"].add(score_edition(edition, parsed))
    seconds = time.perf_counter() - started
    fresh = Score()
    if args.fresh_editions:
        if args.fresh_seed == CORPUS_SEED:
            parser.error("--fresh-seed must differ from the tuning corpus's seed")
        fresh_editions = generate(
            msra_source(MSRA, args.fresh_seed), args.fresh_editions, args.fresh_seed, args.wide, fresh=True
        )
        for edition in fresh_editions:
            parsed = per_page_items(edition) if args.per_page else parse_edition_items(edition)
            fresh.add(score_edition(edition, parsed))
    dev_seeds = [int(x) for x in args.dev_seeds.split(",") if x.strip()]
    if CORPUS_SEED in dev_seeds or args.fresh_seed in dev_seeds:
        parser.error("--dev-seeds must differ from the corpus's seed and the fresh seed")
    sample = Score()
    for seed in dev_seeds:
        for edition in generate(msra_source(MSRA, seed), args.dev_editions, seed, args.wide):
            if not edition.held_out:
                parsed = per_page_items(edition) if args.per_page else parse_edition_items(edition)
                sample.add(score_edition(edition, parsed))
    from articles.importer.parse import parse_page

    times = []
    for edition in editions:
        for page in edition.pages:
            t = time.perf_counter()
            parse_page(page.text)
            times.append((time.perf_counter() - t) * 1000)
    from articles.importer.page_files import PageFileError, check_page_text

    worst = {}
    for name, text in pathological_pages().items():
        check_page_text(text, name)
        t = time.perf_counter()
        parse_page(text)
        worst[name] = time.perf_counter() - t
    t = time.perf_counter()
    try:
        check_page_text("据报道，" + "字" * 200_000, "one-line.txt")
    except PageFileError:
        worst["one line of 200,000 characters: refused"] = time.perf_counter() - t
    whole, total = seed_score()
    mode = "pages parsed alone" if args.per_page else "editions parsed together"
    mode += ", with the wider conventions" if args.wide else ""
    print(f"corpus: {len(editions)} editions, {pages} pages (seed {CORPUS_SEED}), {mode}, {seconds:.1f} s")
    for name, score in scores.items():
        print(f"  {name:<12} {score.line()}")
    if args.fresh_editions:
        print(f"fresh corpus: {args.fresh_editions} editions (seed {args.fresh_seed}), never tuned on, all scored")
        print(f"  {'fresh':<12} {fresh.line()}")
    if dev_seeds:
        print(f"development sample: seeds {args.dev_seeds}, development editions only, tuned on")
        print(f"  {'dev sample':<12} {sample.line()}")
    print(f"seed page: {whole}/{total} items exactly as checked by hand")
    if times:
        print(f"parse_page: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} pages")
    for name, seconds in worst.items():
        print(f"pathological page, {name}: {seconds:.2f} s")
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (corpus, jieba and every page above): {peak:.0f} MB")
    figures = {
        "editions": len(editions),
        "pages": pages,
        "per_page": args.per_page,
        "wide": args.wide,
        "development": dict(scores["development"].counts),
        "held_out": dict(scores["held-out"].counts),
        "development_whole": scores["development"].share("whole"),
        "held_out_whole": scores["held-out"].share("whole"),
        "fresh": {"seed": args.fresh_seed, "editions": args.fresh_editions, **fresh.counts},
        "fresh_whole": fresh.share("whole"),
        "dev_sample": {"seeds": dev_seeds, "editions_per_seed": args.dev_editions, **sample.counts},
        "seed": {"whole": whole, "items": total},
        "parse_ms": {"median": statistics.median(times), "max": max(times)} if times else {},
        "pathological_s": worst,
    }
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DEBUG", "true")
    sys.exit(main())
