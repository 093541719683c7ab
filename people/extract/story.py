"""``people_in_story``: one entry per person of a whole story.

It joins short forms to full names (国强 -> 张国强, 江主席 -> 江泽民 when the
story names him), applies the ``known`` alias map, drops ``exclude``d byline
names and the bylines it recognises itself (bylines.py), counts mentions,
keeps the best (longest) title seen for each person, and orders people by
their first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import names
from .bylines import find_bylines
from .line_breaks import join_broken_lines
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
    joined, offsets = join_broken_lines(text)
    spans = [
        PersonSpan(offsets[span.start], offsets[span.end - 1] + 1, span.name, span.title)
        for span in find_persons(joined, known_names=list(known) + list(known.values()), use_model=use_model)
    ]
    # a name cut short inside a byline (洪常 of 洪常中 alone on its line) is that byline
    spans = [span for span in spans if not any(text.startswith(name, span.start) for name in exclude)]
    mentions = [(span, known.get(span.name, span.name)) for span in spans]
    # canonical names: >=2 chars with a surname, or transliterated/known
    canonical = {name for _, name in mentions if len(name) >= 2 and name not in exclude}
    people: dict[str, StoryPerson] = {}
    order: list[str] = []
    for span, name in mentions:
        full_name = _full_name(name, canonical, exclude)
        if full_name is None or full_name in exclude:
            continue
        if full_name not in people:
            people[full_name] = StoryPerson(full_name, "", 0, span.start, [])
            order.append(full_name)
        person = people[full_name]
        person.count += 1
        if span.name != full_name and span.name not in person.aliases_seen:
            person.aliases_seen.append(span.name)
        if len(span.title) > len(person.title):
            person.title = span.title
    _count_given_names(text, order, people)
    return sorted((people[name] for name in order), key=lambda person: person.first_offset)


def _full_name(name: str, canonical: set[str], exclude: set[str]) -> str | None:
    """The story's full name for a mention: itself, or the one full name it is a short form of."""
    if name in exclude:
        return None
    if name in canonical and not any(_short_form_of(name, other) for other in canonical):
        return name
    # short forms: given name (国强 -> 张国强) or surname alone (江 -> 江泽民)
    longer = [
        other
        for other in canonical
        if other != name and len(other) > len(name) and (other.endswith(name) or other.startswith(name))
    ]
    if len(longer) == 1:
        return longer[0]
    if len(name) >= 2:
        return name
    return None


def _short_form_of(name: str, other: str) -> bool:
    """国强 of 张国强, 艾米丽 of 艾米丽·布朗: a found name that is part of another found name."""
    if name == other or len(other) <= len(name):
        return False
    if other.endswith(name) and names.split_surname(other):
        return True
    return name in other.split("·")


def _count_given_names(text: str, order: list[str], people: dict[str, StoryPerson]) -> None:
    """Short forms the tagger did not find: given names of the story's people (国强)."""
    for name in list(order):
        parts = names.split_surname(name)
        if not parts or len(parts[1]) != 2:
            continue
        given = parts[1]
        for match in re.finditer(re.escape(given), text):
            start = match.start()
            if start > 0 and names.is_han(text[start - 1]):
                continue  # part of the full name or of another word
            person = people[name]
            person.count += 1
            if given not in person.aliases_seen:
                person.aliases_seen.append(given)
            person.first_offset = min(person.first_offset, start)
