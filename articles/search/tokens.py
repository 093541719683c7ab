"""Chinese text to search tokens, and a reader's query to search terms.

Pure Python (jieba, OpenCC and the standard library, no Django), so that the
same function feeds PostgreSQL's ``to_tsvector('simple', …)``, SQLite's FTS5
and the snippet highlighter, and is tested on plain strings.

Chinese is written without spaces, so the databases' own parsers see a whole
sentence as one "word". jieba's search mode (``cut_for_search``) gives the
words *and* the shorter words inside long ones (中华人民共和国 also yields 中华,
人民, 共和国), which is what lets a two-character query such as 核酸 or 民警 find
a story that says 核酸检测.

Both sides are folded the same way: NFKC turns full-width forms into
half-width ones (ＣＯＶＩＤ－１９ → COVID-19, ２０２２ → 2022), Latin is
lower-cased and Traditional characters become Simplified (OpenCC's ``t2s``,
which reads phrases before characters: 臺灣 → 台湾, 頭髮乾燥 → 头发干燥, but
乾隆 stays 乾隆), so a reader typing either script finds a story printed in
the other. A token is a run of letters and digits: punctuation never reaches
the index or a query, so a query made only of punctuation has no terms.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jieba
import opencc

from people.names import SURNAMES_SINGLE, is_han

jieba.setLogLevel(logging.WARNING)

# A 10,000-character paste is not a query: keep the start, say so on the page.
MAX_QUERY_CHARS = 100
# Words beyond this many add nothing a reader can judge and cost the database.
MAX_QUERY_WORDS = 8

_WORD_RUN = re.compile(r"[^\W_]+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
_SPACE = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"(?<=[。！？!?；;，,：:])")


def normalize(text: str) -> str:
    """Fold full-width forms (NFKC), lower-case Latin and turn Traditional
    characters into Simplified."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):  # the check is a thousand times cheaper
        text = unicodedata.normalize("NFKC", text)
    return _simplified(text.lower())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` character by character, with, for each character
    of the result, the index of the character of ``text`` it came from: so a
    match found in folded text can be shown in the story's own characters
    (full-width ，。！ and all, 臺灣 where the reader typed 台湾). Folding one
    character may give several (㎡ → m2); they all point back to it."""
    if unicodedata.is_normalized("NFKC", text) and text == text.lower():
        return _simplified(text), list(range(len(text)))
    folded, offsets = [], []
    for i, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        folded.append(piece)
        offsets.extend([i] * len(piece))
    # After the width and case folding, on the whole text: OpenCC's phrases
    # span characters, and _simplified keeps the length, so offsets still hold.
    return _simplified("".join(folded)), offsets


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """OpenCC's Traditional-to-Simplified converter (its dictionaries ship in
    the wheel), built once per process: building reads them from disk.

    With OpenCC's table of rare characters whose simplified form many fonts
    lack (鍒 → 𫔄): folded text is compared, never shown (snippets and
    headlines mark the story's characters, the page repeats the query as
    typed)."""
    return opencc.OpenCC("t2s", include_tofu_risk_dictionaries=True)


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    try:
        converted = _converter().convert(char)
    except UnicodeEncodeError:  # a lone surrogate: OpenCC takes UTF-8
        return char
    return converted if len(converted) == 1 else char


def _simplified(text: str) -> str:
    """``text`` with Traditional characters made Simplified, one character
    for one, so that an index in the result is an index in ``text``.

    OpenCC's t2s dictionaries map every phrase to one of the same length;
    should a piece ever come back longer or shorter, that piece is converted
    character by character instead (losing the phrases, keeping offsets)."""
    if text.isascii():  # no Chinese at all: most Latin words, numbers, spaces
        return text
    try:
        converted = _converter().convert(text)
    except UnicodeEncodeError:
        converted = ""
    if len(converted) == len(text):
        return converted
    return "".join(map(_simplified_char, text))


def simplified(text: str) -> str:
    """``text`` with Traditional characters made Simplified, one character for
    one: what the print-page importer reads its conventions in (本報記者 is
    本报记者), offsets unchanged."""
    return _simplified(text)


def _clean(tokens):
    """Keep the letter-and-digit runs of jieba's tokens, dropping punctuation."""
    for token in tokens:
        yield from _WORD_RUN.findall(token)


@lru_cache(maxsize=1)
def _dictionary_names() -> frozenset[str]:
    """The words jieba's dictionary tags as person names (nr, nrfg) shaped
    surname + two-character given name: about 47,000, read once."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        return frozenset(
            word
            for word, _freq, tag, *_ in (line.split() for line in fh)
            if tag in ("nr", "nrfg") and len(word) == 3 and word[0] in SURNAMES_SINGLE
        )


def _name_shape(token: str) -> str | None:
    """The given name of ``token`` if it has the shape this index knows:
    a one-character surname and a two-character given name."""
    if len(token) != 3 or token[0] not in SURNAMES_SINGLE or not all(is_han(c) for c in token):
        return None
    return token[1:]


def _given_name(token: str) -> str | None:
    """The given name of a token that may be a person's name in running text:
    surname + two characters, either tagged a name in jieba's dictionary or a
    word its HMM found (one the dictionary does not know). A reader who
    searches 永红 or 小明 means the person named in the text as 韩永红 or
    王小明; jieba's search mode gives only the dictionary words inside a word,
    and these are none.

    The shape alone is not enough: the HMM also joins places (安太堡) and
    transliterations (马拉维) into such words, so a paragraph's candidates
    count only where the person extractor reads them (``_people_named``)."""
    given = _name_shape(token)
    if given and (token in _dictionary_names() or not jieba.dt.FREQ.get(token)):
        return given
    return None


def _people_named(paragraph: str, candidates) -> frozenset[str]:
    """Which of ``candidates`` the person extractor reads as names in
    ``paragraph`` (folded text), given only the clauses that hold them: its
    cues (a title before, a speech verb after, a 、 list of names) are in the
    clause, and its part-of-speech tagging is slow (whole sentences of the
    MSRA test set gave the same names in a quarter more time). By its rules
    alone, so that the index does not depend on whether the learned model is
    installed."""
    from people.extract import find_persons

    clauses = [c for c in _CLAUSE_END.split(paragraph) if any(name in c for name in candidates)]
    named = {span.name for clause in clauses for span in find_persons(clause, use_model=False)}
    return frozenset(named & set(candidates))


@lru_cache(maxsize=8192)
def _paragraph_tokens(paragraph: str) -> tuple[str, ...]:
    # Cached because a story is re-indexed whenever its bylines, tags or
    # mentions change while its paragraphs mostly do not, and because jieba
    # (about 180,000 characters a second) and NFKC are the slow part of
    # indexing (OpenCC's t2s, a few million a second, is not); the person
    # extractor, slower still, reads only paragraphs with a candidate name.
    folded = normalize(paragraph)
    words = list(_clean(jieba.cut_for_search(folded)))
    candidates = {word: given for word in words if (given := _given_name(word))}
    named = _people_named(folded, candidates) if candidates else frozenset()
    tokens: list[str] = []
    for word in words:
        given = candidates.get(word) if word in named else None
        # Before the whole name, as search mode puts a word's parts before it.
        if given and tokens[-1:] != [given]:
            tokens.append(given)
        tokens.append(word)
    return tuple(tokens)


def tokenize(text: str) -> list[str]:
    """Index tokens for ``text``: normalized, jieba search mode, paragraph by
    paragraph, punctuation dropped."""
    tokens: list[str] = []
    for paragraph in (text or "").split("\n"):
        paragraph = paragraph.strip()
        if paragraph:
            tokens.extend(_paragraph_tokens(paragraph))
    return tokens


def name_tokens(name: str) -> list[str]:
    """A name or a tag as tokens: the whole name first (so 韩永红 is found
    even where jieba would cut it into characters), then its parts."""
    whole = "".join(_WORD_RUN.findall(normalize(name)))
    if not whole:
        return []
    parts = [t for t in tokenize(name) if t != whole]
    return [whole, *parts]


def person_name_tokens(name: str) -> list[str]:
    """``name_tokens`` of a person the story names (a byline, a mention
    readers are shown, their aliases), with the given name whatever the text
    around it: these are people, so 永红 finds 韩永红 even where the
    extractor, reading the name alone on a line, would not."""
    tokens = name_tokens(name)
    given = _name_shape(tokens[0]) if tokens else None
    if given and given not in tokens:
        tokens.insert(1, given)
    return tokens


@dataclass(frozen=True)
class Term:
    """One word of a query. It matches a story that has every token of any
    one of its ``alternatives`` (jieba may cut the same word differently in
    a query and in a story, so each way it could be cut is tried)."""

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> set[str]:
        return {token for alternative in self.alternatives for token in alternative}


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what was searched for, as the reader typed it (cut, spaces collapsed)
    terms: tuple[Term, ...]  # the words, folded as the index is
    truncated: bool  # the query was longer than MAX_QUERY_CHARS or MAX_QUERY_WORDS

    def __bool__(self):
        return bool(self.terms)

    @property
    def highlight_tokens(self) -> list[str]:
        """Every token worth marking in a snippet, longest first."""
        tokens = {token for term in self.terms for token in term.tokens}
        tokens |= {term.text for term in self.terms}
        return sorted(tokens, key=lambda t: (-len(t), t))


def _alternatives(chunk: str) -> tuple[tuple[str, ...], ...]:
    alternatives = []
    for cut in (
        list(_clean(jieba.cut(chunk))),  # with HMM: finds names such as 韩永红
        list(_clean(jieba.cut(chunk, HMM=False))),  # dictionary words only
        [chunk] if _WORD_RUN.fullmatch(chunk) else [],  # as one token: names in bylines
    ):
        alternative = tuple(dict.fromkeys(cut))
        if alternative and alternative not in alternatives:
            alternatives.append(alternative)
    return tuple(alternatives)


def parse_query(query: str) -> ParsedQuery:
    """A reader's query as terms: one per word the reader typed.

    Words are what the reader separated with spaces or punctuation; a run of
    Chinese without spaces is one word (核酸检测 is one term, matched as 核酸
    and 检测 together). Over-long queries are cut to MAX_QUERY_CHARS characters
    and MAX_QUERY_WORDS words, and ``truncated`` says so.

    The terms are folded as the index is (臺灣 searches 台湾); ``text``, what
    the page repeats to the reader, is the reader's own characters, only its
    spaces collapsed: folding is for comparing, and t2s turns a few rare
    characters into ones many fonts lack (頫 → 𫖯).
    """
    query = query or ""
    folded, offsets = fold_with_offsets(query)
    lead = len(folded) - len(folded.lstrip())
    text = folded.strip()
    truncated = len(text) > MAX_QUERY_CHARS
    words = {}  # folded word → where it ends in ``query``, first occurrence kept
    for match in _WORD_RUN.finditer(text[:MAX_QUERY_CHARS]):
        words.setdefault(match.group(), offsets[lead + match.end() - 1] + 1)
    if len(words) > MAX_QUERY_WORDS:
        words = dict(list(words.items())[:MAX_QUERY_WORDS])
        truncated = True
    terms = tuple(Term(chunk, alts) for chunk in words if (alts := _alternatives(chunk)))
    searched = query[: max(words.values())] if truncated and words else query
    return ParsedQuery(text=" ".join(searched.split()), terms=terms, truncated=truncated)


def find_spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``tokens`` in ``text``, ignoring
    case and width (``text`` should already be normalized)."""
    tokens = [t for t in tokens if t]
    if not tokens:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)), re.I)
    return [m.span() for m in pattern.finditer(text)]


def load_dictionaries() -> None:
    """Read jieba's dictionary, the given-name list, the person extractor's
    tagger and statistics and OpenCC's t2s dictionaries now, so that a
    process's first indexed story (or first search) does not wait for them."""
    from articles.chinese import jieba_tokenizer

    jieba_tokenizer()
    _dictionary_names()
    _people_named("民警韩永红在执勤。", {"韩永红"})
    _converter()
