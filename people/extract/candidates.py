"""Candidate name spans from jieba tokens, each with a score and a kind.

Each token goes through the rules in a fixed order, and a rule may end the
token's turn, so the order is part of the behaviour: a name glued to a
following word in an untagged token (马克思主义者), a name-shaped word jieba
did not tag but the context vouches for, a form before 同志, a transliteration
after a title, jieba's own person tags (tagged_names.py), surname + honorific
(江主席 -> 江), and a surname split off its given name (丁/文昌).  Then
transliterated names joined by middle dots (dotted_names.py).  Thresholds per
kind live in selection.py.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import names
from .. import titles as terms
from .candidate_span import CHINESE, HONORIFIC, TRANSLITERATED, Candidate
from .context import context_score
from .dotted_names import dotted_names
from .shape import cn_shape_score, given_tail, glued_kind, two_common_words
from .tagged_names import GLUED_TO_VERB_SCORE, SPEECH_VERB_CHARS, tagged_name
from .title_words import TITLE_WORDS, ends_with_title
from .tokens import FUNCTION_TAGS, NAME_TAGS, Token, word_freq

__all__ = ["Candidate", "find_candidates"]

Rule = Callable[[str, list[Token], int], tuple[list[Candidate], bool]]

# 马克思主义者: an untagged word of this length may start with a three-character name
GLUED_UNTAGGED_MIN_CHARS = 5
GLUED_NAME_CHARS = 3
GLUED_UNTAGGED_SCORE = 2.0
# a name-shaped word jieba tagged otherwise: flags, rarity, the context it needs, its score
UNTAGGED_FLAGS = frozenset({"n", "ns", "nz", "j", "v", "a", "t", "i", "l"})
UNTAGGED_MAX_FREQ = 500
UNTAGGED_MIN_CONTEXT = 1.5
UNTAGGED_BASE = -0.5
UNTAGGED_SHAPE_WEIGHT = 0.5
THREE_CHAR_BONUS = 0.5
# 小平同志
COMRADE = "同志"
COMRADE_MAX_FREQ = 2000
COMRADE_SCORE = 2.0
FAMILIAR_PREFIXES = "小老"
# 国务卿基辛格/n: a transliteration right after a title
TITLED_TRANSLIT_FLAGS = frozenset({"n", "ns", "nz", "x", "j", "l"})
TITLED_TRANSLIT_MAX_FREQ = 200
TITLED_PLACE_PAIR_MAX_FREQ = 500  # a two-character word jieba took for a place (秘书长加维里亚/ns)
TITLED_TRANSLIT_BASE = 1.0
# 江主席: a surname with an honorific
HONORIFIC_SCORE = 2.5
NOT_HONORIFICS = frozenset({"夫人", "太太", "代表", "委员"})
# 古老, 班主任 (jieba frequencies 2,695 and 526) are words; 江主席 (58) is a form of address
EVERYDAY_HONORIFIC_FREQ = 100
# what jieba may tag a surname standing alone as (毕/v, 曾/d, 曲/q)
MISREAD_SURNAME_TAGS = frozenset({"v", "d", "q"})
OLD_BEFORE_NOUN_FLAGS = frozenset({"n", "nr", "ns", "vn"})  # 王/老/师: 老 starts a noun, not an honorific
# 丁/文昌: a surname split off its given name
WEAKEST_GIVEN = -1.5
SPLIT_BASE = -0.5
SPLIT_TAGGED_BONUS = 0.7
SPLIT_GIVEN_WEIGHT = 0.6
TWO_CHAR_GIVEN_BONUS = 0.5
COMMON_GIVEN_FREQ = 500
COMMON_GIVEN_PENALTY = 1.0


def find_candidates(text: str, toks: list[Token]) -> list[Candidate]:
    """Every candidate name span the rules propose, scored."""
    found: list[Candidate] = []
    for index, token in enumerate(toks):
        if not names.is_han(token.word[0]):
            continue
        for rule in TOKEN_RULES:
            proposed, done = rule(text, toks, index)
            found.extend(proposed)
            if done:
                break
    found.extend(dotted_names(toks))
    return found


def glued_in_untagged_word(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """马克思主义者: a name glued to a following word in a token jieba did not tag as a name."""
    token = toks[index]
    word = token.word
    if token.flag in NAME_TAGS or len(word) < GLUED_UNTAGGED_MIN_CHARS:
        return [], False
    name, rest = word[:GLUED_NAME_CHARS], word[GLUED_NAME_CHARS:]
    if (
        names.dict_tag(name) in NAME_TAGS
        and word_freq(rest) > 0
        and (cn_shape_score(name) is not None or names.is_translit(name))
    ):
        kind = glued_kind(name, rest)
        return [Candidate(token.start, token.start + GLUED_NAME_CHARS, GLUED_UNTAGGED_SCORE, kind)], True
    return [], False


def untagged_with_context(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """A rare name-shaped word jieba tagged otherwise, when the words around it vouch for a person."""
    token = toks[index]
    word = token.word
    if token.flag in NAME_TAGS or not 2 <= len(word) <= 3 or token.flag not in UNTAGGED_FLAGS:
        return [], False
    shape = cn_shape_score(word)
    if shape is None or word_freq(word) >= UNTAGGED_MAX_FREQ or names.looks_like_place(word) or word in TITLE_WORDS:
        return [], False
    context = context_score(toks, index, index + 1, text)
    if context < UNTAGGED_MIN_CONTEXT:
        return [], False
    score = UNTAGGED_BASE + UNTAGGED_SHAPE_WEIGHT * shape + (THREE_CHAR_BONUS if len(word) == 3 else 0) + context
    return [Candidate(token.start, token.end, score, CHINESE)], False


def before_comrade(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """小平同志: a short form directly before 同志."""
    token = toks[index]
    word = token.word
    if not (
        2 <= len(word) <= 3
        and index + 1 < len(toks)
        and toks[index + 1].word == COMRADE
        and word not in TITLE_WORDS
        and word_freq(word) < COMRADE_MAX_FREQ
        and all(names.is_han(char) for char in word)
    ):
        return [], False
    if word[0] in FAMILIAR_PREFIXES or cn_shape_score(word) is not None or token.flag in NAME_TAGS:
        return [Candidate(token.start, token.end, COMRADE_SCORE, CHINESE)], True
    return [], False


def transliteration_after_title(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """国务卿基辛格/n, 秘书长加维里亚/ns: a transliterated word right after a title."""
    token = toks[index]
    word, flag = token.word, token.flag
    max_freq = TITLED_PLACE_PAIR_MAX_FREQ if len(word) == 2 and flag == "ns" else TITLED_TRANSLIT_MAX_FREQ
    if (
        flag not in NAME_TAGS
        and flag in TITLED_TRANSLIT_FLAGS
        and (len(word) >= 3 or flag == "ns")
        and len(word) >= 2
        and names.is_translit(word)
        and index > 0
        and ends_with_title(toks[index - 1].word)
        and word_freq(word) < max_freq
        and not names.looks_like_place(word)
        and not two_common_words(word)
    ):
        score = TITLED_TRANSLIT_BASE + context_score(toks, index, index + 1, text)
        return [Candidate(token.start, token.end, score, TRANSLITERATED)], True
    return [], False


def surname_with_honorific(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """江主席 -> 江, in one token or two."""
    token = toks[index]
    word = token.word
    if word[0] in names.SURNAMES_SINGLE and len(word) >= 2 and word[1:] in terms.HONORIFICS_AFTER:
        if _everyday_honorific_word(word):
            return [], False
        return [Candidate(token.start, token.start + 1, HONORIFIC_SCORE, HONORIFIC)], True
    following = toks[index + 1].word if index + 1 < len(toks) else ""
    if (
        len(word) == 1
        and word in names.SURNAMES_SINGLE
        and (token.flag not in FUNCTION_TAGS or _misread_surname_before_title(text, token, following))
        and following in terms.HONORIFICS_AFTER
        and following not in NOT_HONORIFICS
        and not (following == "老" and index + 2 < len(toks) and toks[index + 2].flag in OLD_BEFORE_NOUN_FLAGS)
    ):
        return [Candidate(token.start, token.end, HONORIFIC_SCORE, HONORIFIC)], True
    return [], False


def _misread_surname_before_title(text: str, token: Token, following: str) -> bool:
    """毕/v 教授, 曾/d 教授: a surname jieba read as a verb, adverb or measure word, opening a clause before a title.

    A title of two characters or more right after it says more than jieba's
    tag; prepositions and conjunctions (向主席, 和先生) keep their reading."""
    opens_clause = token.start == 0 or not names.is_han(text[token.start - 1])
    return opens_clause and token.flag in MISREAD_SURNAME_TAGS and len(following) >= 2


def _everyday_honorific_word(word: str) -> bool:
    """古老, 元老, 班主任, 支队长: a surname-and-honorific form that is an everyday word of its own.

    jieba's dictionary knows it often, and not as a person's name; its person
    tag is no evidence after a one-character honorific (it tags 古老 and 古董
    as names), where the forms that are names (王老, 郭老) are rare in it."""
    if word_freq(word) < EVERYDAY_HONORIFIC_FREQ:
        return False
    return len(word) == 2 or names.dict_tag(word) not in NAME_TAGS


def surname_split_off(text: str, toks: list[Token], index: int) -> tuple[list[Candidate], bool]:
    """丁/文昌, 杨/纪/珂: a surname token followed by a given name of one token or two single characters.

    杨/明说: a given name of one character that jieba read with the speech verb
    after it as one word is cut off the verb, as for tagged names (武卫/平说)."""
    token = toks[index]
    word, flag = token.word, token.flag
    if flag == "x" or index + 1 >= len(toks):
        return [], False
    if not ((len(word) == 1 and word in names.SURNAMES_SINGLE) or word in names.SURNAMES_COMPOUND):
        return [], False
    titled = index > 0 and ends_with_title(toks[index - 1].word)
    # 保安/祝/建国, 村长/曲/志强: right after a title, a surname jieba read as a verb or a
    # measure word, when what follows is no verb or particle itself (干部/都/坚守)
    if flag in FUNCTION_TAGS and not (titled and toks[index + 1].flag not in FUNCTION_TAGS):
        return [], False
    following = toks[index + 1]
    if (
        len(word) == 1
        and len(following.word) == 2
        and following.word[1] in SPEECH_VERB_CHARS
        and following.flag == "v"
        and given_tail(Token(0, 1, following.word[0], "n"), titled)
    ):
        # 杨/明说: jieba read the given name and the speech verb as one word (明说)
        return [Candidate(token.start, following.start + 1, GLUED_TO_VERB_SCORE, CHINESE)], False
    best: Candidate | None = None
    for after, given in _given_name_options(toks, index):
        if terms.ANON_CHAR in given:
            continue
        if any(char in names.NON_NAME_CHARS for char in given) or given in TITLE_WORDS or ends_with_title(given):
            continue
        given_mean = sum(names.given_char_score(char) for char in given) / len(given)
        if given_mean <= WEAKEST_GIVEN:
            continue
        base = SPLIT_BASE + (SPLIT_TAGGED_BONUS if flag == "nr" else 0.0) + SPLIT_GIVEN_WEIGHT * given_mean
        base += TWO_CHAR_GIVEN_BONUS if len(given) == 2 else 0
        if word_freq(given) > COMMON_GIVEN_FREQ and toks[index + 1].flag not in NAME_TAGS and not titled:
            base -= COMMON_GIVEN_PENALTY
        score = base + context_score(toks, index, after, text)
        if best is None or score > best.score:
            best = Candidate(token.start, toks[after - 1].end, score, CHINESE)
    return ([best] if best else []), False


def _given_name_options(toks: list[Token], index: int) -> list[tuple[int, str]]:
    """(index after the given name, given name): one token of 1-2 characters, or two single characters."""
    options = []
    following = toks[index + 1].word
    if 1 <= len(following) <= 2 and all(names.is_han(char) for char in following):
        options.append((index + 2, following))
    if (
        len(following) == 1
        and index + 2 < len(toks)
        and len(toks[index + 2].word) == 1
        and names.is_han(toks[index + 2].word)
    ):
        options.append((index + 3, following + toks[index + 2].word))
    return options


TOKEN_RULES: tuple[Rule, ...] = (
    glued_in_untagged_word,
    untagged_with_context,
    before_comrade,
    transliteration_after_title,
    tagged_name,
    surname_with_honorific,
    surname_split_off,
)
