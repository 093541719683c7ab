"""``find_persons``: every person-name occurrence in one text, in text order.

The pipeline: tokens -> candidates (+ unseparated name lists, which replace
the candidates inside them, + known names) -> selection -> the found names at
their other occurrences -> a title for each.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .candidates import _Cand, _candidates
from .combine import weigh_with_model
from .known import _known_spans, _propagate
from .lists import _name_lists
from .model import model_enabled, model_person_spans
from .selection import _select
from .title_phrases import _assign_titles
from .tokens import _tokens


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
    toks = _tokens(text)
    cands = _candidates(text, toks)
    if use_model:
        cands = weigh_with_model(text, toks, cands, model_person_spans(text, around=[(c.s, c.e) for c in cands]))
    lists = _name_lists(text, toks)
    if lists:
        covered = [(a, b) for a, b, _, _ in lists]
        cands = [c for c in cands if not any(a <= c.s and c.e <= b for a, b in covered)]
        cands.extend(_Cand(s, e, 5.0, "list") for _, _, s, e in lists)
    cands.extend(_known_spans(text, known_names))
    spans = _select(text, cands)
    spans = _propagate(text, toks, spans)
    titles = _assign_titles(text, toks, spans)
    return [PersonSpan(s, e, text[s:e], t) for (s, e), t in zip(spans, titles)]
