"""Whether a word is, starts with or ends with a title, honorific or cue word.

A title right before a word (市长王…) or a speech verb right after it is the
strongest context evidence for a name, and a title or honorific is never a
name itself.  The word lists in people.titles are tuples, so each is turned
into a frozenset once and looked up by suffix or prefix (up to 6 characters).
"""

from __future__ import annotations

from .. import titles as terms

TITLE_WORDS = frozenset(terms.TITLE_SUFFIXES) | frozenset(terms.HONORIFICS_AFTER) | {"陆军", "海军", "空军"}


_SETS: dict[int, frozenset] = {}


def _as_set(words) -> frozenset:
    key = id(words)
    st = _SETS.get(key)
    if st is None:
        st = _SETS[key] = frozenset(words)
    return st


def ends_with_title(w: str) -> bool:
    st = _as_set(terms.TITLE_SUFFIXES)
    return any(w[-k:] in st for k in range(2, min(len(w), 6) + 1))


def starts_with_word(w: str, words) -> str | None:
    st = _as_set(words)
    for k in range(min(len(w), 6), 0, -1):
        if w[:k] in st:
            return w[:k]
    return None
