"""Which known person a name in a newly imported story is (pure Python, no Django).

Chinese names repeat (two different 张伟 are common in one city), so a name
alone never decides.  A name in a story is the same person as a known one
when the names agree (name or alias) and either the titles fit (the story's
辅警 and the known 朔城分局北城派出所辅警, or 局长 and 副局长 of one bureau) or
the story runs in a department where the known person has appeared.  When
neither fits, the story names someone new.  When several fit, the one with a
fitting title is preferred over one known only by department, then the
earliest known.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from . import titles as T

# An organisation shorter than this (市, 县) says nothing about who someone is.
MIN_ORGANISATION_CHARS = 3
TITLE_FIT_WEIGHT = 2
DEPARTMENT_FIT_WEIGHT = 1
_TITLE_HEADS = frozenset(T.TITLE_SUFFIXES)
_DEPUTY_PREFIXES = ("常务副", "副")


@dataclass(frozen=True)
class KnownPerson:
    """What the newsroom knows of one person: enough to tell namesakes apart."""

    key: Hashable
    name: str
    aliases: frozenset[str] = field(default_factory=frozenset)
    titles: frozenset[str] = field(default_factory=frozenset)
    departments: frozenset[Hashable] = field(default_factory=frozenset)

    def is_called(self, name: str) -> bool:
        return name == self.name or name in self.aliases


def split_title(title: str) -> tuple[str, str]:
    """(organisation, head): 朔城分局北城派出所辅警 -> (朔城分局北城派出所, 辅警); head without 副."""
    for size in range(min(len(title), 6), 1, -1):
        if title[-size:] in _TITLE_HEADS:
            organisation, head = title[:-size], title[-size:]
            for prefix in _DEPUTY_PREFIXES:
                if head.startswith(prefix) and head[len(prefix) :] in _TITLE_HEADS:
                    head = head[len(prefix) :]
                    break
            for prefix in _DEPUTY_PREFIXES:
                organisation = organisation.removesuffix(prefix).removesuffix("常务")
            return organisation, head
    return title, ""


def _common_tail(first: str, second: str) -> bool:
    """经开区预算科 / 朔州经济开发区财政管理运营部预算科: the same unit (预算科), its parents written apart."""
    size = 0
    while size < min(len(first), len(second)) and first[-1 - size] == second[-1 - size]:
        size += 1
    return size >= MIN_ORGANISATION_CHARS


def titles_fit(first: str, second: str) -> bool:
    """Whether two titles a story gave can belong to one person.

    Equal titles, one the tail of the other (辅警 / 北城派出所辅警), the same kind
    of post at one organisation written longer or shorter (市公交公司驾驶员 /
    市公交公司公交车驾驶员, 经开区预算科科长 / 朔州经济开发区财政管理运营部预算科科长), or two
    posts at one named organisation (副局长 and 局长 of 市公安局: a promotion)."""
    if not first or not second:
        return False
    if first == second or first.endswith(second) or second.endswith(first):
        return True
    first_org, first_head = split_title(first)
    second_org, second_head = split_title(second)
    if first_head and first_head == second_head:
        if not first_org or not second_org:
            return False
        return first_org in second_org or second_org in first_org or _common_tail(first_org, second_org)
    shorter = min(first_org, second_org, key=len)
    longer = max(first_org, second_org, key=len)
    return len(shorter) >= MIN_ORGANISATION_CHARS and bool(first_head and second_head) and longer.startswith(shorter)


def fit(person: KnownPerson, title: str, department: Hashable | None) -> int:
    """How well a mention (its title, its story's department) fits a known person; 0: not at all."""
    score = 0
    if title and any(titles_fit(title, known) for known in person.titles):
        score += TITLE_FIT_WEIGHT
    if department is not None and department in person.departments:
        score += DEPARTMENT_FIT_WEIGHT
    return score


def match_person(
    name: str, title: str, department: Hashable | None, known: Iterable[KnownPerson]
) -> KnownPerson | None:
    """The known person a mention is, or None when it names someone new."""
    best: KnownPerson | None = None
    best_score = 0
    for person in known:
        if not person.is_called(name):
            continue
        score = fit(person, title, department)
        if score > best_score:
            best, best_score = person, score
    return best
