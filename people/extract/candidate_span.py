"""A proposed name span, before selection weighs it against its kind's threshold."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds: a Chinese name, a transliterated name, a surname before an honorific
# (江主席 -> 江), a dotted transliteration, a known name, a name-list entry, a
# name cut from the word it is glued to (邓小平理论 -> 邓小平).
CHINESE, TRANSLITERATED, HONORIFIC, DOTTED, KNOWN, LIST_ENTRY = "cn", "tr", "hon", "dot", "known", "list"
GLUED = "glued"


@dataclass(slots=True)
class Candidate:
    """A proposed name span: its score decides, against its kind's threshold (selection.py)."""

    start: int
    end: int
    score: float
    kind: str
