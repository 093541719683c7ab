"""Title lines: column labels, and what a second title line under another is.

Pure Python; ``second_title_line`` asks jieba (through :mod:`.seams`) whether
the two lines split one word.
"""

from __future__ import annotations

from .seams import continuation_evidence

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
# Seam evidence (see seams.continuation_evidence) that two title lines split one word.
SPLIT_TITLE_EVIDENCE = 2.0


def is_column_label(text: str) -> bool:
    return "".join(text.split()) in COLUMN_LABELS


def second_title_line(first: str, second: str) -> str:
    """ "headline" when ``second`` goes on with the headline ``first`` began, "kicker" when ``first``
    was a kicker (引题) above the headline ``second``.

    A headline broken by the column fills its first line, or breaks inside a
    word; a kicker is the shorter line, or two phrases set apart by a space.
    Text alone cannot always tell (a short headline under a long kicker):
    the parse says so in a warning.
    """
    evidence = continuation_evidence(first, second)
    if evidence >= SPLIT_TITLE_EVIDENCE:
        return "headline"
    if len(first.split()) > 1:
        return "kicker"
    return "headline" if len(first) >= len(second) else "kicker"
