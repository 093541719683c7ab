"""The benchmark's memorization check: real names swapped for made-up ones, everything else kept in place.

The sentences are written for these tests."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "ner_candidates.py"


def _bench():
    spec = importlib.util.spec_from_file_location("ner_candidates", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chinese_names_are_swapped_for_made_up_ones_of_the_same_length():
    bench = _bench()
    text = "记者李明和王小红采访了克林顿先生。"
    persons = [[2, 4, "李明"], [5, 8, "王小红"], [11, 14, "克林顿"]]
    swapped_text, swapped = bench.swap_names(text, persons, random.Random(bench.SWAP_SEED))
    assert swapped == {(2, 4), (5, 8)}
    assert len(swapped_text) == len(text)
    # what is no gold name, and a name that does not start with a common surname, stay as written
    assert swapped_text[:2] == "记者" and swapped_text[4] == "和" and swapped_text[8:] == "采访了克林顿先生。"
    for start, end in swapped:
        made_up = swapped_text[start:end]
        assert made_up[0] in bench.SWAP_SURNAMES
        assert all(char in bench.SWAP_GIVEN for char in made_up[1:])


def test_the_swap_is_the_same_on_every_run():
    bench = _bench()
    text = "张国强说，刘芳也去了。"
    persons = [[0, 3, "张国强"], [5, 7, "刘芳"]]
    first = bench.swap_names(text, persons, random.Random(bench.SWAP_SEED))
    second = bench.swap_names(text, persons, random.Random(bench.SWAP_SEED))
    assert first == second
    assert first[0] != text
