"""Title lines: column labels, and what a second title line under another is.

Pure Python; ``second_title_line`` asks jieba (through :mod:`.seams`) whether
the two lines split one word.
"""

from __future__ import annotations

from .seams import WEAK_SPAN_MAX, continuation_evidence

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


def _bigrams(text: str) -> set[str]:
    return {a + b for a, b in zip(text, text[1:]) if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff"}


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
    words = _bigrams(body)
    return not _bigrams(first) & words and bool(_bigrams(second) & words)
