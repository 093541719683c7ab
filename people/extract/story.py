"""``people_in_story``: one entry per person of a whole story.

It joins short forms to full names (国强 -> 张国强, 江主席 -> 江泽民 when the
story names him), applies the ``known`` alias map, drops ``exclude``d byline
names and the bylines it recognises itself (bylines.py), counts mentions,
keeps the best (longest) title seen for each person, and orders people by
their first mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .. import names as N
from .bylines import find_bylines
from .line_breaks import _join_broken_lines
from .persons import PersonSpan, find_persons


@dataclass
class StoryPerson:
    name: str
    title: str
    count: int
    first_offset: int
    aliases_seen: list[str] = field(default_factory=list)


def people_in_story(
    text: str, *, known: Mapping[str, str] = {}, exclude: Iterable[str] = (), use_model: bool | None = None
) -> list[StoryPerson]:
    """One entry per person of a whole story, in order of first mention (``use_model``: see find_persons)."""
    exclude = set(exclude) | find_bylines(text)
    known = dict(known)
    joined, offsets = _join_broken_lines(text)
    spans = [
        PersonSpan(offsets[sp.start], offsets[sp.end - 1] + 1, sp.name, sp.title)
        for sp in find_persons(joined, known_names=list(known) + list(known.values()), use_model=use_model)
    ]
    # a name cut short inside a byline (洪常 of 洪常中 alone on its line) is that byline
    spans = [sp for sp in spans if not any(text.startswith(name, sp.start) for name in exclude)]
    full: dict[str, StoryPerson] = {}
    order: list[str] = []
    mentions = []
    for sp in spans:
        nm = known.get(sp.name, sp.name)
        mentions.append((sp, nm))
    # canonical names: >=2 chars with a surname, or transliterated/known
    canon = [nm for _, nm in mentions if len(nm) >= 2 and nm not in exclude]
    canon_set = set(canon)

    def resolve(nm: str) -> str | None:
        if nm in exclude:
            return None
        if nm in canon_set and not any(nm != c and c.endswith(nm) and len(c) > len(nm) and N.split_surname(c) for c in canon_set):
            return nm
        # short forms: given name (国强 -> 张国强) or surname alone (江 -> 江泽民)
        cands = [c for c in canon_set if c != nm and len(c) > len(nm) and (c.endswith(nm) or c.startswith(nm))]
        if len(cands) == 1:
            return cands[0]
        if len(nm) >= 2:
            return nm
        return None

    for sp, nm in mentions:
        r = resolve(nm)
        if r is None or r in exclude:
            continue
        if r not in full:
            full[r] = StoryPerson(r, "", 0, sp.start, [])
            order.append(r)
        p = full[r]
        p.count += 1
        if sp.name != r and sp.name not in p.aliases_seen:
            p.aliases_seen.append(sp.name)
        if len(sp.title) > len(p.title):
            p.title = sp.title
    # short forms not found by the tagger: given names of story people (国强)
    for nm in list(order):
        sp_ = N.split_surname(nm)
        if not sp_ or len(sp_[1]) != 2:
            continue
        given = sp_[1]
        for m in re.finditer(re.escape(given), text):
            s = m.start()
            if s > 0 and N.is_han(text[s - 1]):
                continue  # part of the full name or of another word
            p = full[nm]
            p.count += 1
            if given not in p.aliases_seen:
                p.aliases_seen.append(given)
            p.first_offset = min(p.first_offset, s)
    res = [full[nm] for nm in order]
    res.sort(key=lambda p: p.first_offset)
    return res
