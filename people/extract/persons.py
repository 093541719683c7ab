"""``find_persons``: every person-name occurrence in one text, in text order.

The pipeline: tokens -> candidates (+ unseparated name lists, which replace
the candidates inside them, with the model only those it reads a name of,
+ known names) -> selection -> the other items of numbered
alternatives whose items are found names -> the found names at
their other occurrences, and their surnames alone opening a clause -> a title
for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .candidate_span import Candidate
from .candidates import find_candidates
from .combine import weigh_with_model
from .enumerations import enumerated_names
from .known import known_spans, propagate_found_names, surname_references
from .lists import lists_the_model_reads, name_lists
from .model import model_enabled, read_persons
from .selection import select_spans
from .title_phrases import assign_titles
from .tokens import tokenize


@dataclass(frozen=True)
class PersonSpan:
    start: int
    end: int
    name: str
    title: str


def find_persons(text: str, known_names: Iterable[str] = (), *, use_model: bool | None = None) -> list[PersonSpan]:
    """Every person-name occurrence in ``text``, in text order.

    ``use_model`` runs the learned model under the rules (True) or the rules
    alone (False); None follows ``model_enabled()``."""
    if not text:
        return []
    if use_model is None:
        use_model = model_enabled()
    toks = tokenize(text)
    cands = find_candidates(text, toks)
    lists = name_lists(text, toks)
    if use_model:
        reading = read_persons(text)
        cands = weigh_with_model(text, toks, cands, reading)
        lists = lists_the_model_reads(lists, reading)
    if lists:
        covered = [(a, b) for a, b, _, _ in lists]
        cands = [c for c in cands if not any(a <= c.start and c.end <= b for a, b in covered)]
        cands.extend(Candidate(s, e, 5.0, "list") for _, _, s, e in lists)
    cands.extend(known_spans(text, known_names))
    spans = enumerated_names(text, select_spans(text, cands))
    spans = propagate_found_names(text, toks, spans)
    spans = surname_references(text, toks, spans)
    titles = assign_titles(text, toks, spans)
    return [PersonSpan(s, e, text[s:e], t) for (s, e), t in zip(spans, titles)]
