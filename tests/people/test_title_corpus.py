"""Titles on sentences written and annotated for this project (tests/people/data/titled_sentences.tsv).

The floor is the figure measured when the set was written (the set was not
tuned on); ``make bench`` prints the current figure for the rules alone and
with the model.
"""

import re
from pathlib import Path

from people.extract import find_persons, model_available

DATA = Path(__file__).parent / "data" / "titled_sentences.tsv"
RULES_FLOOR = 166
MODEL_FLOOR = 180


def _rows():
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _right(use_model):
    return sum(
        {p.name: p.title for p in find_persons(sentence, use_model=use_model)}.get(name) == title
        for sentence, name, title in _rows()
    )


def test_the_set_is_large_enough_and_well_formed():
    rows = _rows()
    assert len(rows) >= 200
    for sentence, name, title in rows:
        assert name in sentence
        # the convention: 的 and a numeral with its classifier (一名) are not part of a title
        assert title in re.sub("[一二两三][名位个]", "", sentence.replace("的", ""))


def test_titles_rules_alone():
    assert _right(False) >= RULES_FLOOR


def test_titles_with_the_model():
    if model_available():
        assert _right(True) >= MODEL_FLOOR
