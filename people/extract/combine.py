"""The model's person names weighed together with the rules' candidates.

Measured on the development half of the evaluation set: a rule candidate the
model also tags exactly is nearly always a name, a Chinese or transliterated
candidate the model sees no name anywhere near is more often not one, and a
name the model alone proposes is right about half the time, so it has to
pass the same shape and address-form checks as the rules' own candidates
(or, with no surname the lists know, a person's context or the model's
confidence).  The model reads every clause, but where the rules proposed
nothing it is taken at its word only when it is confident.

Where the two disagree on boundaries, the model's span is first mended (a
title it took in is cut off, a name it cut at a middle dot is joined) and then
wins where it adds one name character to a rule candidate, or reads a whole
dotted chain where the rules saw pieces.
"""

from __future__ import annotations

import re

from .. import names
from .. import titles as terms
from .candidate_span import CHINESE, DOTTED, HONORIFIC, Candidate
from .context import context_score
from .dotted_names import DOTTED_SCORE, names_a_place
from .model import ModelReading
from .selection import CAPTION_OPENERS
from .shape import cn_shape_score
from .title_words import TITLE_WORDS, starts_with_word
from .tokens import DOTS, Token

AGREE_BONUS = 1.5
UNSEEN_PENALTY = 1.5
MODEL_BASE = 1.3
# a name of the model's with no known surname needs this much context evidence
SHAPELESS_MIN_CONTEXT = 1.0
# The model's probability of a whole span above which a name of its own needs
# neither a clause where the rules found a candidate nor a surname the lists
# know (晓燕笑着…): from 0.6 to 0.9 the development half scored F1 0.929 to
# 0.930, its later lines best at 0.8.
CONFIDENT = 0.8
# A rule candidate the model tags exactly and is that sure of scores at least
# this (a Chinese name's threshold), as a name of the model's own would be taken
# ((苏萱): the rules' doubt is no reason to drop what the model is sure of).
CONFIDENT_FLOOR = 1.5
MODEL_KINDS_PENALISED = ("cn", "tr")


def _overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def _familiar(name: str) -> bool:
    """阿三, 小三: what friends call someone, not a name, however sure the model is."""
    return len(name) == 2 and name[0] in terms.FAMILIAR_BEFORE


def _dotted_chain(name: str) -> bool:
    """A transliterated name whose pieces are joined by dots inside it (not at its ends)."""
    pieces = re.split(f"[{DOTS}]", name)
    # one odd character in a piece is common (阿卜杜勒); more is the model running on into the sentence
    return len(pieces) > 1 and all(
        len(piece) >= 1 and sum(char not in names.TRANSLIT_CHARS for char in piece) <= 1 for piece in pieces
    )


def _joined_at_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """穆罕默德·舒克利· + 阿亚西: the model sometimes ends a name at a dot and starts another after it."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            last_start, last_end = joined[-1]
            if (last_end == start and text[start - 1] in DOTS) or (last_end + 1 == start and text[last_end] in DOTS):
                joined[-1] = (last_start, end)
                continue
        joined.append((start, end))
    return joined


def _without_title(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """慈禧太后 -> 慈禧, 乔石委员 -> 乔石, 江主(席) -> 江: the model sometimes takes in the title after a name."""
    start, end = span
    for cut in range(start + 1, end):
        if starts_with_word(text[cut : cut + 6], TITLE_WORDS):
            return start, cut
    return span


def _extended_by_model(text: str, cands: list[Candidate], model_spans: list[tuple[int, int]]) -> list[Candidate]:
    """严汉/祥 -> 严汉祥, (鲍)林 -> 鲍林: the model's span is a rule candidate plus one name character.

    Where the two disagree by one character at an edge, the longer span is the
    name far more often than the shorter one (measured on the development
    half), unless the extra character starts a title or a caption (江泽民图为)."""
    by_span = {(c.start, c.end): c for c in cands}
    added = []
    for start, end in model_spans:
        if (start, end) in by_span or end - start < 2:
            continue
        for inner, extra in (((start, end - 1), end - 1), ((start + 1, end), start)):
            cand = by_span.get(inner)
            # 鲍/林先生: what the rules took for a surname before an honorific may end a name
            if cand is None or not (cand.kind in MODEL_KINDS_PENALISED or cand.kind == HONORIFIC and extra == start):
                continue
            char = text[extra]
            if (
                not names.is_han(char)
                or char in names.NON_NAME_CHARS
                or text[extra : extra + 2] in CAPTION_OPENERS
                or (extra == end - 1 and starts_with_word(text[extra : extra + 6], TITLE_WORDS))
            ):
                continue
            name = text[start:end]
            if cn_shape_score(name) is None and not names.is_translit(name.replace("·", ""), 2):
                continue
            kind = CHINESE if cand.kind == HONORIFIC else cand.kind
            added.append(Candidate(start, end, cand.score + AGREE_BONUS, kind))
            break
    return added


def weigh_with_model(text: str, toks: list[Token], cands: list[Candidate], reading: ModelReading) -> list[Candidate]:
    # clauses where the rules proposed a name, before the model's own are added
    pieces_with_candidates = {reading.piece(c.start) for c in cands}
    model_spans = [_without_title(text, span) for span in _joined_at_dots(text, reading.spans)]
    cands.extend(_extended_by_model(text, cands, model_spans))
    exact = set(model_spans)
    # the model, like jieba, sometimes leaves a two-character name's third character out (霍锋/水)
    one_short = {(start, end + 1) for start, end in model_spans if end - start == 2}
    for cand in cands:
        if _familiar(text[cand.start : cand.end]):
            continue
        if (
            (cand.start, cand.end) in exact
            or (cand.start, cand.end) in one_short
            and cn_shape_score(text[cand.start : cand.end]) is not None
        ):
            cand.score += AGREE_BONUS
            if (cand.start, cand.end) in exact and reading.span_probability(cand.start, cand.end) >= CONFIDENT:
                cand.score = max(cand.score, CONFIDENT_FLOOR)
        elif cand.kind in MODEL_KINDS_PENALISED and not any(_overlaps(m, cand.start, cand.end) for m in model_spans):
            cand.score -= UNSEEN_PENALTY
    proposed = {(c.start, c.end) for c in cands}
    starts = {t.start: k for k, t in enumerate(toks)}
    ends = {t.end: k for k, t in enumerate(toks)}
    for start, end in model_spans:
        if (start, end) in proposed:
            continue
        name = text[start:end]
        if not all(names.is_han(c) or c in DOTS for c in name) or len(name) < 2:
            continue
        if _familiar(name):
            continue
        confident = reading.span_probability(start, end) >= CONFIDENT
        if not confident and reading.piece(start) not in pieces_with_candidates:
            continue
        if _dotted_chain(name):
            # 阿卜杜勒·卡拉勒: a whole chain where the rules saw pieces
            if not (end in starts and names_a_place(toks, starts[end])):
                cands.append(Candidate(start, end, DOTTED_SCORE, DOTTED))
            continue
        aligned = start in starts and end in ends
        context = context_score(toks, starts[start], ends[end] + 1, text) if aligned else None
        shape = cn_shape_score(name)
        if shape is not None:
            score = MODEL_BASE + 0.5 * max(min(shape, 2.0), -2.0)
        elif names.is_translit(name.replace("·", ""), 2) and len(name) >= 3:
            score = MODEL_BASE
        elif context is not None and context >= SHAPELESS_MIN_CONTEXT:
            score = MODEL_BASE  # 炳奎说, （萨兆沩）: no surname the lists know, but a person's context
        elif confident and names.real_given_name_score(name) >= 0:
            # 晓燕笑着, 秀兰每天: no surname the lists know, but the model is sure, and it reads
            # as a given name (怜子 in a line of verse does not)
            score = MODEL_BASE
        else:
            continue  # neither a surname nor a transliteration: 阿三, 民进
        if aligned:
            score += 0.5 + context
        cands.append(Candidate(start, end, score, "cn"))
    return cands
