"""Names in byline positions: the story's authors and photographers.

Bylines are credits, not people the story is about, so ``people_in_story``
leaves them out: 记者 X / 通讯员 X, "(王荣 王晓丽)" at the end of a paragraph,
"X 摄", and a name alone on its own line under a headline.  Only strings that
start with a known surname count.
"""

from __future__ import annotations

import re

from articles.byline_roles import NAME_INTRODUCERS

from .. import names as N

_BYLINE_RE = [
    # 记者 武跃林 / 本报记者 X Y / 通讯员 孙宇  (role word then names)
    re.compile(rf"(?:本报)?(?:特约)?(?:{'|'.join(NAME_INTRODUCERS)})[ 　:：]*((?:[\u4e00-\u9fff·]{{2,4}}[ 　、]*)+)"),
    # (王荣 王晓丽) / （杨岗） at the end of a paragraph
    re.compile(r"[（(]((?:[\u4e00-\u9fff]{2,4}[ 　、]*){1,4})[）)]\s*$", re.M),
    # 王汉平 摄
    re.compile(r"((?:[\u4e00-\u9fff]{2,4}[ 　]+)+)摄"),
    # a name alone on its own line (author line under a headline)
    re.compile(r"^[ 　]*([\u4e00-\u9fff]{2,4})[ 　]*$", re.M),
]


def find_bylines(text: str) -> set[str]:
    """Names that appear in byline positions (记者 X, 通讯员 X, (X Y), X 摄, X alone on a line)."""
    out: set[str] = set()
    for rx in _BYLINE_RE:
        for m in rx.finditer(text):
            for nm in re.split(r"[ 　、]+", m.group(1).strip()):
                if 2 <= len(nm) <= 4 and N.split_surname(nm) is not None:
                    out.add(nm)
    return out
