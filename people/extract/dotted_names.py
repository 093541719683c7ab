"""Transliterated names joined with middle dots (理查德·赖尔登), whatever pieces jieba cut them into."""

from __future__ import annotations

from .. import names
from .. import titles as terms
from .candidate_span import DOTTED, Candidate
from .title_words import TITLE_WORDS, ends_with_title, starts_with_word
from .tokens import DOTS, FUNCTION_TAGS, NAME_TAGS, Token

DOTTED_SCORE = 3.0
# How many tokens a piece between two dots (or before the first) may span.
MAX_PIECE_TOKENS = 3


def _dot_piece(token: Token) -> bool:
    """A token that may be part of a dotted foreign name (克劳德·阿兴)."""
    word = token.word
    if word in DOTS or not all(names.is_han(char) for char in word) or word in TITLE_WORDS or ends_with_title(word):
        return False
    if names.is_translit(word, 1) or token.flag in NAME_TAGS:
        return True
    return len(word) == 1 and token.flag not in FUNCTION_TAGS


def _first_piece_start(toks: list[Token], dot: int) -> int:
    """Index of the first token of the piece before the dot at ``dot``."""
    first = dot - 1
    while (
        first >= 0
        and first > dot - 1 - MAX_PIECE_TOKENS
        and _dot_piece(toks[first])
        and (
            names.is_translit(toks[first].word, 1)
            or len(toks[first].word) == 1
            or (toks[first].flag in NAME_TAGS and len(toks[first].word) == 2)
        )
    ):
        first -= 1
    return first + 1


def names_a_place(toks: list[Token], after: int) -> bool:
    """扬·斯马茨大街, 雅克·卡蒂埃大桥: a street or a bridge named after someone is no person."""
    if after >= len(toks):
        return False
    word = toks[after].word
    return word[0] in terms.PLACE_SUFFIX_AFTER or starts_with_word(word, terms.PLACE_WORDS_AFTER) is not None


def dotted_names(toks: list[Token]) -> list[Candidate]:
    """Transliterated names joined with middle dots (理查德·赖尔登), with the
    pieces jieba cut them into on either side of each dot."""
    found: list[Candidate] = []
    count = len(toks)
    dot = 0
    while dot < count:
        if toks[dot].word not in DOTS or dot == 0:
            dot += 1
            continue
        first = _first_piece_start(toks, dot)
        after = dot
        # chain: dot, transliteration tokens, dot, ...
        while after < count and toks[after].word in DOTS:
            piece_end = after + 1
            while piece_end < count and piece_end - after <= MAX_PIECE_TOKENS and _dot_piece(toks[piece_end]):
                piece_end += 1
            if piece_end == after + 1:
                break
            after = piece_end
        if first < dot and after > dot + 1 and not names_a_place(toks, after):
            found.append(Candidate(toks[first].start, toks[after - 1].end, DOTTED_SCORE, DOTTED))
        dot = max(after, dot + 1)
    return found
