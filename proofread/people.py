"""People: one name spelled two ways in a story, and a title that differs
from the one recorded for the person. Both are flagged for an editor to
check, never corrected: two people may really share a sound, and a person
may really have changed posts."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from proofread.findings import WARNING, Finding


@lru_cache(maxsize=4096)
def _sound(chars: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(chars, style=Style.NORMAL, errors="ignore"))


def _occurrences(text: str, word: str):
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


def names_spelled_two_ways(text: str, context=None) -> list[Finding]:
    """For each person the story names (``context.names``), any other
    spelling in the text with the same surname that sounds the same
    (王汉平 and 王汉萍) is flagged where it stands."""
    names = [n for n in getattr(context, "names", ()) if 2 <= len(n) <= 4]
    findings = []
    seen = set()
    for name in names:
        if name not in text:
            continue
        surname, given = name[0], name[1:]
        for start in _occurrences(text, surname):
            candidate = text[start : start + len(name)]
            if candidate == name or len(candidate) < len(name) or candidate in names or (start, candidate) in seen:
                continue
            if _sound(candidate[1:]) == _sound(given) and len(_sound(given)) == len(given):
                seen.add((start, candidate))
                findings.append(
                    Finding(
                        start,
                        start + len(name),
                        "name-spelling",
                        f"「{candidate}」与本文的「{name}」读音相同，是否同一人？",
                        WARNING,
                    )
                )
    return sorted(findings)


def title_differs(text: str, context=None) -> list[Finding]:
    """``context.titles``: (name, title in this story) pairs; ``context.recorded``:
    name → the title recorded for that person this month. A title that neither
    contains nor is contained in the recorded one is flagged (副主席 for 市政协副主席
    is the same post, shortened)."""
    recorded = getattr(context, "recorded", {}) or {}
    findings = []
    for name, title in getattr(context, "titles", ()):
        known = recorded.get(name, "")
        if not title or not known or title in known or known in title:
            continue
        at = text.find(title + name)
        span = (at, at + len(title)) if at != -1 else None
        if span is None:
            at = text.find(name)
            if at == -1:
                continue
            span = (at, at + len(name))
        findings.append(
            Finding(
                span[0], span[1], "title-differs", f"本文称{name}为「{title}」，本月记录为「{known}」，请核对", WARNING
            )
        )
    return findings
