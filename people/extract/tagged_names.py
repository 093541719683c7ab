"""Candidates from jieba's own person tags (nr, nrfg, nrt), cut back or extended where jieba erred.

A tagged word that is a title or a place is no name.  A long tagged word may
glue a name to the next word (邓小平理论 -> 邓小平) or be a four-character
compound-surname or transliterated name.  A short one is scored by its shape
and context, and may be extended by a given-name character jieba left out
(武卫/平, 武卫/平说) or by a second transliteration piece (罗季奥/诺夫); a
transliteration jieba cut in pieces (沃尔斯/基) is joined again.
"""

from __future__ import annotations

from .. import names
from .candidate_span import CHINESE, TRANSLITERATED, Candidate
from .context import context_score
from .shape import cn_shape_score, given_tail, glued_kind, translit_piece, two_common_words
from .title_words import TITLE_WORDS, ends_with_title
from .tokens import FUNCTION_TAGS, NAME_TAGS, Token, word_freq

# A tagged word of this length or more may be a name glued to a word.
GLUED_MIN_CHARS = 4
GLUED_REST_MIN_FREQ = 300
GLUED_SCORE = 2.0
COMPOUND_SURNAME_BASE = 1.0
LONG_TRANSLIT_BASE = 1.5
# the last given-name character left out (武卫/平) or glued to a speech verb (武卫/平说)
LEFT_OUT_CHAR_BASE = 2.0
GLUED_TO_VERB_SCORE = 3.0
SPEECH_VERB_CHARS = "说称讲问答道"
# three-character names: base, weight of a weak given name, a head that is an everyday word
FULL_NAME_BASE = 2.2
WEAK_GIVEN_WEIGHT = 0.5
COMMON_HEAD_FREQ = 1000
COMMON_HEAD_PENALTY = 0.6
# two-character names: base, shape weight, bonus for a top-100 surname or an unknown word, everyday-word penalty
SHORT_NAME_BASE = 0.5
SHORT_SHAPE_WEIGHT = 0.4
TOP_SURNAME_BONUS = 0.5
UNKNOWN_WORD_BONUS = 0.5
EVERYDAY_WORD_FREQ = 1000
EVERYDAY_WORD_PENALTY = 1.0
# a transliteration continued by the next token (罗季奥/诺夫)
SECOND_PIECE_FLOOR = 2.0
SECOND_PIECE_BONUS = 0.5
# transliterations cut by jieba: tokens joined at most, base, base of a lone 2-character dictionary word
MAX_TRANSLIT_TOKENS = 3
CUT_TRANSLIT_BASE = 1.5
DICTIONARY_PAIR_BASE = 0.5
TITLED_SINGLE_CHAR_CONTEXT = 1.5


def tagged_name(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """Candidates from a token jieba tagged as a person, and whether later rules skip this token."""
    token = toks[index]
    word = token.word
    if token.flag not in NAME_TAGS:
        return [], False
    if word in TITLE_WORDS or ends_with_title(word) or names.looks_like_place(word):
        return [], True
    if len(word) >= GLUED_MIN_CHARS:
        return _long_tagged(text, toks, index), True
    shape = cn_shape_score(word)
    if shape is None:
        return _cut_transliteration(text, toks, index)
    found = _left_out_char(text, toks, index, shape)
    found.extend(_short_tagged(text, toks, index, shape))
    return found, False


def _long_tagged(text: str, toks: list[Token], index: int) -> list[Candidate]:
    token = toks[index]
    word = token.word
    context = context_score(toks, index, index + 1, text)
    for size in (3, 2):
        name, rest = word[:size], word[size:]
        if (
            names.dict_tag(name) in NAME_TAGS
            and word_freq(rest) >= GLUED_REST_MIN_FREQ
            and names.dict_tag(rest) not in NAME_TAGS
            and cn_shape_score(name) is not None
        ):
            score = GLUED_SCORE + context
            return [Candidate(token.start, token.start + size, score, glued_kind(name, rest))]  # 邓小平理论
    if len(word) == 4 and word[:2] in names.SURNAMES_COMPOUND:
        shape = cn_shape_score(word)
        if shape is not None:
            return [Candidate(token.start, token.end, COMPOUND_SURNAME_BASE + shape + context, CHINESE)]
    elif names.is_translit(word, 3) and not two_common_words(word):
        return [Candidate(token.start, token.end, LONG_TRANSLIT_BASE + context, TRANSLITERATED)]
    return []


def _left_out_char(text: str, toks: list[Token], index: int, shape: float) -> list[Candidate]:
    """武卫/平, 霍锋/水: jieba left the last given-name character out; 武卫/平说: glued to the verb."""
    token = toks[index]
    if len(token.word) != 2 or index + 1 >= len(toks):
        return []
    following = toks[index + 1]
    titled = index > 0 and ends_with_title(toks[index - 1].word)
    if given_tail(following, titled):
        score = LEFT_OUT_CHAR_BASE + context_score(toks, index, index + 2, text)
        return [Candidate(token.start, following.end, score, CHINESE)]
    if (
        len(following.word) == 2
        and following.word[1] in SPEECH_VERB_CHARS
        and given_tail(Token(0, 1, following.word[0], "n"), titled)
    ):
        return [Candidate(token.start, following.start + 1, GLUED_TO_VERB_SCORE, CHINESE)]
    return []


def _short_tagged(text: str, toks: list[Token], index: int, shape: float) -> list[Candidate]:
    token = toks[index]
    word = token.word
    if len(word) < 2:
        return []
    context = context_score(toks, index, index + 1, text)
    if len(word) >= 3:
        given = names.split_surname(word)[1]
        given_mean = sum(names.given_char_score(char) for char in given) / len(given)
        base = FULL_NAME_BASE + WEAK_GIVEN_WEIGHT * min(given_mean, 0.0)
        head = word[:2]
        if word_freq(head) >= COMMON_HEAD_FREQ and names.dict_tag(head) not in NAME_TAGS:
            base -= COMMON_HEAD_PENALTY  # 杜鹃花 = 杜鹃 + 花
    else:
        base = SHORT_NAME_BASE + SHORT_SHAPE_WEIGHT * shape
        if word[0] in names.TOP_SURNAMES:
            base += TOP_SURNAME_BONUS
        if word_freq(word) == 0:
            base += UNKNOWN_WORD_BONUS
        elif word_freq(word) > EVERYDAY_WORD_FREQ:
            base -= EVERYDAY_WORD_PENALTY
    found = [Candidate(token.start, token.end, base + context, CHINESE)]
    if names.is_translit(word) and index + 1 < len(toks):
        second = toks[index + 1]
        if (
            len(second.word) >= 2
            and names.is_translit(second.word)
            and (second.flag in NAME_TAGS or second.flag == "ns" or word_freq(second.word) == 0)
            and not names.looks_like_place(second.word)
        ):
            # 罗季奥/诺夫, 施图岑/贝格: one transliteration cut in two
            score = max(base + context, SECOND_PIECE_FLOOR) + SECOND_PIECE_BONUS
            found.append(Candidate(token.start, second.end, score, TRANSLITERATED))
    return found


def _cut_transliteration(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """沃尔斯/基, 卡拉/辛: jieba often cuts a transliteration in pieces."""
    word = toks[index].word
    if not (names.is_translit(word) and len(word) >= 2 and not two_common_words(word)):
        return [], False
    after = index + 1
    while after < len(toks) and after - index < MAX_TRANSLIT_TOKENS and translit_piece(toks[after]):
        after += 1
    base = CUT_TRANSLIT_BASE
    if after == index + 1 and len(word) == 2 and word_freq(word) > 0:
        base = DICTIONARY_PAIR_BASE  # 2-character dictionary words (哈佛, 科普) need context
    context = context_score(toks, index, after, text)
    if names.looks_like_place(text[toks[index].start : toks[after - 1].end]):
        return [], True
    first = index
    if (
        index >= 2
        and len(toks[index - 1].word) == 1
        and names.is_translit(toks[index - 1].word)
        and toks[index - 1].flag not in FUNCTION_TAGS
        and ends_with_title(toks[index - 2].word)
    ):
        first = index - 1  # 国防部长姆/维拉
        context = max(context, TITLED_SINGLE_CHAR_CONTEXT)
    return [Candidate(toks[first].start, toks[after - 1].end, base + context, TRANSLITERATED)], False
