"""Title lines: column labels, and what a second title line under another is.

Pure Python; ``second_title_line`` and ``join_title_lines`` ask jieba
(through :mod:`.seams`) whether two lines split one word.
"""

from __future__ import annotations

from functools import lru_cache

from .bylines import bracketed
from .lines import CLOSERS, NON_STARTERS, OPENERS, TERMINAL, bigrams, cjk_len
from .phrases import hangs_on_what_precedes, needs_what_follows
from .seams import WEAK_SPAN_MAX, continuation_evidence, tokenizer

# Standing column labels: printed over a story like a kicker (短评, 记者手记 …).
COLUMN_LABELS = frozenset(
    (
        "短评",
        "记者手记",
        "编者按",
        "相关链接",
        "新闻链接",
        "图片新闻",
        "评论员文章",
        "时评",
        "新闻背景",
        "背景链接",
        "延伸阅读",
        "记者观察",
        "特写",
        "专访",
        "述评",
        "快讯",
    )
)
# Two title lines split one word when jieba's best path crosses the break
# (seams.continuation_evidence above WEAK_SPAN_MAX); a dictionary word merely
# straddling it (兜住民生底 | 面对… gives 底面) proves nothing.


def is_column_label(text: str) -> bool:
    return "".join(text.split()) in COLUMN_LABELS


def second_title_line(first: str, second: str) -> str:
    """ "headline" when ``second`` goes on with the headline ``first`` began, "kicker" when ``first``
    was a kicker (引题) above the headline ``second``.

    A headline broken by the column fills its first line, or breaks inside a
    word; a kicker is the shorter line, or two phrases set apart by a space or a comma.
    Text alone cannot always tell (a short headline under a long kicker):
    the parse says so in a warning.
    """
    evidence = continuation_evidence(first, second)
    if evidence > WEAK_SPAN_MAX:
        return "headline"
    if len(first.split()) > 1 or "," in first:
        return "kicker"
    return "headline" if len(first) >= len(second) else "kicker"


def first_title_line_is_kicker(first: str, second: str, body: str) -> bool:
    """Of two title lines read as one headline, is the first a kicker, judged by the story's words?

    A headline names what the story is about, so its words come back in the
    body; a kicker (引题) sets a theme or a campaign (聚焦冬季民生) the body
    need not repeat.  When the lines do not split a word (a dictionary word
    merely straddling the break proves nothing) and the first shares no
    two-character word with the body while the second does, the first is
    the kicker.
    """
    if continuation_evidence(first, second) > WEAK_SPAN_MAX:
        return False
    words = bigrams(body)
    return not bigrams(first) & words and bool(bigrams(second) & words)


def first_of_three_title_lines_is_kicker(first: str, second: str) -> bool:
    """Of three title lines, is the first a kicker (引题) over a headline set on two lines?

    A kicker over a two-line headline is a common layout; a headline broken
    twice by the column is rare.  So the first line is the kicker unless it
    runs on into the second (a word split on jieba's best path, or words
    that need what follows).
    """
    return continuation_evidence(first, second) <= WEAK_SPAN_MAX and not needs_what_follows(first)


# What joins two printed lines of one title (a headline, a kicker or a
# subtitle set on two lines).  Chinese copy never puts a space inside a word
# or inside a phrase that reads on, so a break that splits one (有|滋有味,
# 一声不|吭, 尚未受到|工业污染) is joined with nothing.  Two lines that are two
# phrases (疫情不灭 / 我不退) are joined with one ASCII space: digital editions
# set parallel title lines apart, and the real page we import prints two
# phrases sharing one line that way (中煤平朔集团保卫中心 疫情不灭我不退, kept
# as printed), so a headline reads the same whether its phrases were set on
# one line or on two.  When the text does not show two phrases, nothing: a
# missing space between phrases is how many one-line headlines print
# (疫情不灭我不退), a space inside a phrase never is.
TITLE_LINE_GAP = " "
# Parallel title lines are short and of about one length (坚持人民至上 /
# 守护万家灯火); a line broken by the column fills its first line.
_PHRASE_MAX = 10
_PHRASE_SKEW = 2
_SEPARATORS = TERMINAL | NON_STARTERS | set("—-")


# Parts of speech (jieba's tags) that cannot end a phrase (区别词 上述, numerals,
# measure words, prepositions, conjunctions, particles) or open one (measure
# words, conjunctions, particles, localizers 中/上).
_OPEN_END_TAGS = ("b", "m", "q", "p", "c", "u")
_BOUND_START_TAGS = ("q", "c", "u", "f")


@lru_cache(maxsize=1024)
def _tags(text: str) -> tuple[str, ...]:
    """jieba's part-of-speech tag of each word of ``text``."""
    from jieba import posseg

    tokenizer()  # the shared dictionary, loaded once
    return tuple(pair.flag for pair in posseg.lcut(text))


def _says_something(tags: tuple[str, ...]) -> bool:
    """A verb, or an adjective standing as the predicate at the end (党旗红, 暖气热了), not one
    qualifying a noun (老旧小区居民 only names something)."""
    head = [t for t in tags if not t.startswith("u")]
    return any(t.startswith("v") for t in tags) or bool(head) and head[-1].startswith("a")


def _opens_a_clause(tags: tuple[str, ...]) -> bool:
    """A verb or an adjective anywhere (jieba often tags a verb after its subject as a
    preposition, 居民用上…), not a noun phrase alone (新一任总统, 质量管理)."""
    return any(t[:1] in ("v", "a") and t != "vn" for t in tags)


def _stands_alone(first: str, second: str) -> bool:
    """The first line says something and the second opens a clause, neither on a bound word at the break."""
    a, b = _tags(first), _tags(second)
    return (
        _says_something(a)
        and _opens_a_clause(b)
        and not a[-1].startswith(_OPEN_END_TAGS)
        and not b[0].startswith(_BOUND_START_TAGS)
    )


# Two lines of one length mirror each other when they are short formula
# phrases (抗洪救灾 / 重建家园, 稳增长 / 惠民生), share one rhythm of words
# opening on one part of speech (百姓|点菜 / 政府|买单) or repeat a character in place (一手抓治理 /
# 一手抓发展, 党员冲在前 / 群众暖在心): parallel lines (对仗) are built so,
# and jieba's parts of speech often miss their verbs.  A clause broken by
# the column fills its first line and seldom mirrors its rest.
_FORMULA_MAX = 4


def _rhythm(text: str) -> tuple[int, ...]:
    return tuple(len(word) for word in tokenizer().lcut(text, HMM=False))


def _mirrored(first: str, second: str) -> bool:
    if len(first) != len(second) or len(first) < 3:
        return False
    if len(first) <= _FORMULA_MAX or any(x == y and x.isalnum() for x, y in zip(first, second)):
        return True
    # One rhythm, opening on one part of speech: a subject over its predicate
    # (老旧|小区|居民 / 用上|稳定|暖气) keeps the rhythm but not the word class.
    return _rhythm(first) == _rhythm(second) and _tags(first)[0][:1] == _tags(second)[0][:1]


_DASHES = "—-─"


def _enclosed(line: str) -> bool:
    """A line its own marks enclose (a column label 短评, a bracketed kicker): never half of a phrase."""
    return is_column_label(line) or bracketed(line) is not None


def title_lines_are_two_phrases(first: str, second: str) -> bool:
    """Do two lines of one title each stand as a phrase of its own (疫情不灭 / 我不退)?

    Not when punctuation already parts them, when the break splits a word on
    jieba's best path, or when either side hangs on the other (…受到 /
    工业污染, 声音里充溢 / 着…); otherwise only when the lines are parallel:
    short, of about one length, and either mirroring each other (see
    ``_mirrored``) or each saying something (a verb or an adjective), neither
    ending nor opening on a bound word at the break.
    """
    a, b = first.strip(), second.strip()
    if _enclosed(a) or _enclosed(b) or b.startswith(tuple(_DASHES)):
        return True  # set apart by their marks: a label, brackets, a second subtitle's dash
    a = a.lstrip(_DASHES).strip()  # a subtitle's dash opens it, its end may still run on
    if not a or not b or a.rstrip(CLOSERS)[-1:] in _SEPARATORS or b[0] in _SEPARATORS:
        return False
    if continuation_evidence(a, b) > WEAK_SPAN_MAX:
        return False
    core_a, core_b = a.strip(OPENERS + CLOSERS), b.strip(OPENERS + CLOSERS)
    if not core_a or not core_b or needs_what_follows(core_a) or hangs_on_what_precedes(core_b):
        return False
    na, nb = cjk_len(a), cjk_len(b)
    if max(na, nb) > _PHRASE_MAX or abs(na - nb) > _PHRASE_SKEW:
        return False
    return _mirrored(core_a, core_b) or _stands_alone(core_a, core_b)


def join_title_lines(lines: list[str], printed: list[str] | None = None) -> str:
    """The lines of one title as one text: nothing across a break inside a phrase, a space between two phrases.

    ``lines`` are the lines as read (full-width forms folded, brackets and
    dashes still on); ``printed``, if given, are the texts the result is made
    of (a bracketed kicker's words without its brackets).
    """
    pairs = [(line.strip(), shown.strip()) for line, shown in zip(lines, printed or lines) if line.strip()]
    out = pairs[0][1] if pairs else ""
    for (before, _), (line, shown) in zip(pairs, pairs[1:]):
        out += (TITLE_LINE_GAP if title_lines_are_two_phrases(before, line) else "") + shown
    return out
