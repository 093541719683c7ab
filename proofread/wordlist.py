"""The editors' word list (禁用词 and 慎用词), matched with Aho-Corasick.

One automaton over every entry finds all of them in one pass over the story,
so the time grows with the story's length, not the list's (pyahocorasick, BSD).
Where entries overlap, the longest match at a place wins and the shorter ones
inside it are dropped: an entry 老外 should not fire inside an allowed
longer phrase that the list also carries.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from proofread.findings import BLOCKING, WARNING, Finding

BANNED = "banned"
CAUTION = "caution"


@dataclass(frozen=True)
class Entry:
    word: str
    kind: str = BANNED
    preferred: str = ""
    note: str = ""


class WordList:
    """An automaton built once from the entries and reused for every story."""

    def __init__(self, entries: list[Entry] | tuple[Entry, ...] = ()):
        self.size = 0
        self._last: tuple[str, list] | None = None
        self._automaton = ahocorasick.Automaton()
        for entry in entries:
            if entry.word:
                self._automaton.add_word(entry.word, entry)
                self.size += 1
        if self.size:
            self._automaton.make_automaton()

    def matches(self, text: str) -> list[tuple[int, int, Entry]]:
        """Non-overlapping matches, longest first where they overlap, in text order."""
        if not self.size:
            return []
        if self._last is not None and self._last[0] is text:
            # The banned and the caution check read the same story: one scan.
            return self._last[1]
        found = sorted(
            ((end + 1 - len(entry.word), end + 1, entry) for end, entry in self._automaton.iter(text)),
            key=lambda m: (m[0], -(m[1] - m[0])),
        )
        kept: list[tuple[int, int, Entry]] = []
        covered_to = -1
        for start, end, entry in found:
            if start >= covered_to:
                kept.append((start, end, entry))
                covered_to = end
        self._last = (text, kept)
        return kept


def _message(entry: Entry, label: str) -> str:
    parts = [f"{label}「{entry.word}」"]
    if entry.preferred:
        parts.append(f"宜用「{entry.preferred}」")
    if entry.note:
        parts.append(entry.note)
    return "，".join(parts)


def banned_words(text: str, wordlist: WordList) -> list[Finding]:
    return [
        Finding(start, end, "banned-word", _message(entry, "禁用词"), BLOCKING)
        for start, end, entry in wordlist.matches(text)
        if entry.kind == BANNED
    ]


def caution_words(text: str, wordlist: WordList) -> list[Finding]:
    return [
        Finding(start, end, "caution-word", _message(entry, "慎用词"), WARNING)
        for start, end, entry in wordlist.matches(text)
        if entry.kind == CAUTION
    ]
