"""What a name looks like on its own, before any context is weighed.

A Chinese full name is a known surname plus a plausible given name, scored by
people.names from jieba's dictionary statistics.  A transliterated name is a
run of transliteration characters that jieba often cuts into pieces, so these
rules also decide which neighbouring token may continue one.  A phrase of two
frequent dictionary words is not a transliteration, however foreign it looks.
"""

from __future__ import annotations

from .. import names
from .. import titles as terms
from .candidate_span import CHINESE, GLUED
from .title_words import starts_with_word
from .tokens import FUNCTION_TAGS, NAME_TAGS, Token, word_freq


def translit_piece(t: Token) -> bool:
    """A token that may continue a transliterated name cut by jieba."""
    if not names.is_translit(t.word, 1) or len(t.word) > 3:
        return False
    return len(t.word) == 1 or t.flag in NAME_TAGS or t.flag in ("ns", "nz") or word_freq(t.word) == 0


def two_common_words(w: str) -> bool:
    """努力提高 = 努力 + 提高: a phrase of frequent words, not a transliteration."""
    for k in range(2, len(w) - 1):
        a, b = w[:k], w[k:]
        if (
            word_freq(a) >= 1000
            and word_freq(b) >= 1000
            and names.dict_tag(a) not in NAME_TAGS
            and names.dict_tag(b) not in NAME_TAGS
        ):
            return True
    return False


def cn_shape_score(w: str) -> float | None:
    """Score of ``w`` as a Chinese full name, or None if it has no such shape."""
    sp = names.split_surname(w)
    if sp is None:
        return None
    sur, given = sp
    g = names.given_name_score(given)
    if g <= -5:
        return None
    return g


def given_tail(t: Token, titled: bool = False) -> bool:
    """A single character token that plausibly ends a given name."""
    return (
        len(t.word) == 1
        and names.is_han(t.word)
        and t.flag not in FUNCTION_TAGS
        and t.flag not in ("x", "a", "ng")
        and t.word not in names.NON_NAME_CHARS
        and names.given_char_score(t.word) > (-1.5 if titled else 0.5)
    )


def glued_kind(name: str, rest: str) -> str:
    """The kind of a name cut from the word it was glued to.

    A full name before a word of doctrine or work (邓小平理论, 马克思主义) is a
    name whatever the model says of it; a short piece before a syllable or a
    place word (撒马尔/罕, 加泰罗/尼亚, 扎伊尔/共和国) is more often part of a
    place name, so it is weighed like any other Chinese candidate."""
    if (
        len(name) == 3
        and len(rest) >= 2
        and not names.is_translit(rest)
        and starts_with_word(rest, terms.PLACE_WORDS_AFTER) is None
    ):
        return GLUED
    return CHINESE
