"""Recognising credits: bylines, datelines, closing credits, photo credits.

Every function returns offsets relative to the string it was given so the
caller can map them back onto the page.  Role words follow the usage of
mainland local dailies (记者 / 通讯员 / 摄 …).
"""

from __future__ import annotations

import re

# One vocabulary of role words, one list of surnames for the project (both pure Python).
from articles.byline_roles import PRINTED_ROLE_WORDS as _ROLE_WORDS
from articles.byline_roles import ROLE_WORDS, TRAILING_ACTION_WORDS
from people.names import SURNAMES_COMPOUND as COMPOUND_SURNAMES
from people.names import SURNAMES_SINGLE as SURNAMES

from .numerals import NUMERAL_CHARS

# A correspondent posted abroad or elsewhere: 本报驻加拿大记者, 新华社驻京记者.
_POSTED_RE = r"(?:本报|新华社)驻[\u4e00-\u9fff]{1,8}?(?:首席)?记者"
# The paper's own name may open any role word: 本报首席记者, 本报见习记者, 本报实习生.
_OWN = "本报"
_ROLE_RE = re.compile("|".join([_POSTED_RE] + [rf"(?:{_OWN})?{re.escape(w)}" for w, _ in _ROLE_WORDS]))
# Marks some papers print before a byline line: ■本报记者 王建国, ◎记者 李娜.
_ORNAMENTS = "■□◆◇●◎★☆▲△▼▽►▶◤◥※"
_WORDS_PICTURES_COLON_RE = re.compile(r"(^|\s)([文图])[:：]\s*")
# The longest credit read (a role word or two and a few names).
CREDIT_MAX = 30
# A commentary signed by a paper, not a person (本报评论员, 人民日报评论员,
# 本报编辑部): the whole line is its author's name.
_PEN_NAME_RE = re.compile(r"(?:本报|新华社|[\u4e00-\u9fff]{2,8}(?:日报|晚报))(?:特约)?评论员|本报(?:编辑部|评论部)")
# 本报记者 X 整理, 记者 X 发自北京: what the names did, or where from, after them.
_TRAILING_ACTION_RE = re.compile(rf"\s+(?:{'|'.join(TRAILING_ACTION_WORDS)}|发自[\u4e00-\u9fff]{{1,8}})$")
# X/文 Y/图 (each name with what it gave): as 文/X 图/Y.
_NAME_THEN_PART_RE = re.compile(r"([\u4e00-\u9fff·]{2,5})\s*/\s*([文图])(?![\u4e00-\u9fff])")
# A surname and a given name of one character each, set apart by a space, as
# a byline prints a two-character name among three-character ones.
_PADDED_NAME_RE = re.compile(
    rf"(?<![\u4e00-\u9fff])([{''.join(sorted(SURNAMES))}])[ \u3000]([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def role_of(word: str) -> str | None:
    """The byline role a role word gives the names after it (None: not a role word)."""
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    if word.startswith(_OWN) and word[len(_OWN) :] in ROLE_WORDS:
        return ROLE_WORDS[word[len(_OWN) :]]
    return "reporter" if re.fullmatch(_POSTED_RE, word) else None


_CJK_NAME = r"[\u4e00-\u9fff·]"
_NAME_RE = re.compile(rf"{_CJK_NAME}{{2,5}}")
_SEP_RE = re.compile(r"[\s、,;:，；：]+")
_CREDIT_SUFFIX_RE = re.compile(r"^(.{1,20}?)\s*(提供|供稿|供图|报送|/文|/图)$")
# Parentheticals that look like credits but are layout notes.
_NOT_CREDIT_RE = re.compile(r"[接转续版完]|\d")

# A dateline: 本报讯, or who filed it, where and when, then 讯 or 电 (本报朔州
# 十一月二〇日电, 新华社北京1月19日电, 本报北京电). The date is the month and
# day, in Arabic or Chinese digits (〇 included), right before 讯 or 电. A lead
# opening with the paper's name is no dateline for holding 讯 or 电 in a
# word (本报记者从市通讯管理局获悉, 本报通讯员, 本报从市供电公司获悉): a
# place with no date must be followed by a break (space, bracket, colon) or
# end the text, as printed datelines are, where such words go on.
_PLACE = r"[\u4e00-\u9fff]"
_NUMBER = rf"(?:\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})"
_DATED = rf"{_PLACE}{{0,12}}?{_NUMBER}月{_NUMBER}日"
_PLACE_ONLY_END = r"(?=[\s(（【〔:：,，]|$)"


def _filed(sources: str, endings: str) -> str:
    return rf"(?:{sources})(?:{_DATED}(?:{endings})|{_PLACE}{{1,12}}?(?:{endings}){_PLACE_ONLY_END})"


# 消息 as well as 讯 (本报北京12月1日消息); the news sites' own datelines.
DATELINE_RE = re.compile(
    rf"^(本报讯|{_filed('本报', '讯|电|消息')}|{_filed('新华社|中新社|新华网|人民网|中新网', '电|消息')}"
    rf"|据新华社电|{_filed('据新华社', '电')})"
)
# 记者邹德浩报道: after a dateline, the reporter named in running text.
_REPORTED_RE = re.compile(r"(?:本报)?记者\s*([\u4e00-\u9fff·]{2,5}?)\s*报道\s*[:：]?")
# 本报记者王建国 李娜报道： opening a story that has no dateline: the colon is
# required, as without it such words run on into the sentence.
_LEAD_REPORTED_RE = re.compile(
    r"^((?:本报)?[\u4e00-\u9fff]{0,4}?(?:记者|通讯员)[^，。：:,；;（(]{2,16}?)\s*报道\s*[:：]"
)
_COLON = ":："
_LEAD_BRACKETS = {"【": "】", "〔": "〕", "[": "]"}
_SPACED_ROLE_RE = re.compile(r"(?:本报)?[\u4e00-\u9fff]{0,4}?(?:记者|通讯员)")
_BLANKS_RE = re.compile(r"[ \u3000]+")
_SOURCE_RE = re.compile(r"^(?:稿件|信息|新闻)?来源\s*[:：]\s*([^\s，。！？,!?；;：:()（）]{2,16})$")
_OPEN_B = "(("
_BRACKETED_RE = re.compile(r"^[((【\[〔]([^()()【】\[\]〔〕]{1,24})[))】\]〕]$")
TRAILING_CREDIT_RE = re.compile(r"(?<=[。!?!?…”’」』])\s*[((]([^()()]{1,24})[))]$")
# What a photo credit may name before its photographers (本报记者 X 摄,
# 本报全媒体记者 X 摄): the byline vocabulary's words for a paper's people.
_PHOTO_ROLE = "|".join(
    [_POSTED_RE]
    + [
        rf"(?:{_OWN})?{re.escape(word)}"
        for word, role in _ROLE_WORDS
        if role in ("reporter", "correspondent", "photographer") and word.isalpha()
    ]
)
# The longest photo credit read: a role word and several names (parse_credit reads up to 30).
PHOTO_CREDIT_MAX = 40
# A photographer's name, a two-character one perhaps padded to three (李　娜).
_PHOTO_NAME = rf"(?:{_CJK_NAME}[ \u3000]{_CJK_NAME}(?!{_CJK_NAME})|{_CJK_NAME}{{2,5}})"
# An agency's photo (新华社发, 新华社发（X 摄）) names the agency as well.
_PHOTO_AGENCY = r"新华社|中新社"
PHOTO_CREDIT_RE = re.compile(
    rf"(?:(?<=[。!?!?…”’」』\s])|^)(?:(?P<agency>{_PHOTO_AGENCY})发\s*)?[((]?\s*"
    rf"(?P<names>(?:(?:{_PHOTO_ROLE})\s*)?{_PHOTO_NAME}(?:[\s、]+{_PHOTO_NAME})*)"
    r"\s*(?:摄影|摄|供图)\s*[))]?$"
)
PHOTO_AGENCY_RE = re.compile(rf"(?:(?<=[。!?!?…”’」』\s])|^)(?P<agency>{_PHOTO_AGENCY})发$")
# (图片由市文旅局提供) / 图片由X提供: a photo lent by an institution or a reader.
PHOTO_LENT_RE = re.compile(r"(?:(?<=[。!?!?…”’」』\s])|^)[((]?\s*图片由\s*([^()()]{2,16}?)\s*提供\s*[))]?$")


def looks_like_name(token: str) -> bool:
    """A plausible Chinese personal name: known surname, 2–3 chars (4 with a compound surname)."""
    if not re.fullmatch(rf"{_CJK_NAME}{{2,4}}", token):
        return False
    if token[:2] in COMPOUND_SURNAMES:
        return 3 <= len(token) <= 4
    return token[0] in SURNAMES and len(token) <= 3


def parse_credit(text: str, *, bare_role: str = "author", strict_names: bool = True) -> list[tuple[str, str]] | None:
    """Read a credit such as ``通讯员 吕霞``, ``王荣 王晓丽``, ``市纪委监委提供``.

    Returns ``[(name, role), …]`` or None when ``text`` is not a credit.
    Names without a role word get ``bare_role``; with ``strict_names`` they
    must look like personal names (a role word vouches for what follows it).
    """
    text = text.strip()
    # Every line of a page is asked: a paragraph is let go before any rewriting.
    if not text or len(text) > 2 * CREDIT_MAX:
        return None
    if text[0] in _ORNAMENTS and _ROLE_RE.match(plain := text.lstrip(_ORNAMENTS).strip()):
        # An ornament before a role word; before a bare name it may open a subhead.
        text = plain
    if "/" in text or ":" in text or "：" in text:
        # 文/图 (words and pictures by): one role word, which the slash must not split.
        text = text.replace("文/图", "文图")
        # 文：X 图：Y and X/文 Y/图, as 文/X 图/Y.
        text = _WORDS_PICTURES_COLON_RE.sub(r"\1\2/", text)
        text = _NAME_THEN_PART_RE.sub(r"\2/\1", text)
    if text.endswith(TRAILING_ACTION_WORDS) or "发自" in text:
        for _ in range(2):  # 记者 X 发自北京 报道
            text = _TRAILING_ACTION_RE.sub("", text)
    if text.endswith("摄影报道"):  # pictures by X, as 记者 X 摄
        text = re.sub(r"\s*摄影报道$", " 摄", text)
    if " " in text or "\u3000" in text:
        # A two-character name padded to a three-character one's width: 刘　娜.
        text = _PADDED_NAME_RE.sub(r"\1\2", text)
    if not text or len(text) > CREDIT_MAX:
        return None
    if _PEN_NAME_RE.fullmatch(text):
        return [(text, "author")]
    m = _CREDIT_SUFFIX_RE.match(text)
    if m and not _ROLE_RE.search(m.group(1)):
        name = m.group(1).strip()
        if name and not re.search(r"[。,,!?!?;;]", name):
            return [(name, "photographer" if m.group(2) in ("供图", "/图") else "credit")]
        return None
    spaced = _ROLE_RE.sub(lambda r: f" {r.group(0)} ", text).replace("/", " / ")
    spaced = re.sub(r"([文图]) / ", r"\1/ ", spaced).replace(" / ", " ")
    tokens = [t for t in _SEP_RE.split(spaced) if t]
    out: list[tuple[str, str]] = []
    role: str | None = None
    since_role: list[int] = []
    last_role = ""
    for tok in tokens:
        if role_of(tok):
            role, last_role = role_of(tok), tok
            since_role = []
            continue
        if tok in ("摄", "摄影"):
            if not since_role:
                return None
            for i in since_role:
                out[i] = (out[i][0], "photographer")
            continue
        photo = False
        if tok.endswith("摄") and len(tok) >= 3:
            tok, photo = tok[:-1], True
        if not _NAME_RE.fullmatch(tok):
            return None
        if role is None and strict_names and not looks_like_name(tok):
            return None
        if role is not None and not looks_like_name(tok) and (last_role + tok in text or re.search("[,，]", text)):
            # A role word vouches for a name printed apart from it; glued to it
            # or followed by a clause (记者看到，他们正…) it is running text.
            return None
        since_role.append(len(out))
        out.append((tok, "photographer" if photo else (role or bare_role)))
    return out or None


def split_dateline(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None, list[tuple[str, str]], int]:
    """Find ``本报讯`` (and an optional ``(通讯员 X)``) opening a paragraph.

    Returns (dateline span, credit span, bylines, offset where the body starts),
    spans relative to ``text``; (None, None, [], 0) when there is no dateline.
    """
    m = DATELINE_RE.match(text)
    start, end = (m.start(), m.end()) if m else (0, 0)
    if not m and text[:1] in _LEAD_BRACKETS and (m := DATELINE_RE.match(text[1:])):
        # 【本报讯】: the brackets go with the dateline, which is read without them.
        if text[1 + m.end() : 2 + m.end()] != _LEAD_BRACKETS[text[0]]:
            return _lead_reported(text)
        start, end = 0, m.end() + 2
    if not m:
        return _lead_reported(text)
    pos = end
    while pos < len(text) and text[pos].isspace():
        pos += 1
    credit_span = None
    bylines: list[tuple[str, str]] = []
    if pos < len(text) and text[pos] in _OPEN_B:
        close = min((i for i in (text.find(")", pos), text.find(")", pos)) if i != -1), default=-1)
        if close != -1:
            parsed = parse_credit(text[pos + 1 : close], strict_names=False)
            if parsed and not _NOT_CREDIT_RE.search(text[pos + 1 : close]):
                credit_span, bylines = (pos, close + 1), parsed
                pos = close + 1
                while pos < len(text) and text[pos].isspace():
                    pos += 1
    if credit_span is None and (r := _REPORTED_RE.match(text, pos)):
        credit_span, bylines = (pos, r.end()), [(r.group(1), "reporter")]
        pos = r.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if credit_span is None and (spaced := _spaced_credit(text, pos)):
        credit_span, bylines = (pos, spaced[0]), spaced[1]
        pos = spaced[0]
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if pos < len(text) and text[pos] in _COLON:
        # 本报讯：… and 本报讯（记者 X）：… — the colon goes with what it follows.
        credit_span = (credit_span[0] if credit_span else pos, pos + 1)
        pos += 1
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return (start, end), credit_span, bylines, pos


def _spaced_credit(text: str, pos: int) -> tuple[int, list[tuple[str, str]]] | None:
    """``记者　王建国　李娜　`` after a dateline, set off by blanks from the first sentence.

    Returns (where the credit ends, bylines). Every word must be a role word or
    look like a name, so the first sentence's opening words (近日, 入冬以来)
    are never taken for one.
    """
    if not _SPACED_ROLE_RE.match(text, pos):
        return None
    blanks = [b.start() for b in _BLANKS_RE.finditer(text, pos, pos + CREDIT_MAX + 1)]
    for end in reversed(blanks):
        credits = parse_credit(text[pos:end])
        if credits and all(looks_like_name(n) and r in ("reporter", "correspondent") for n, r in credits):
            return end, credits
    return None


def _lead_reported(text: str) -> tuple[None, tuple[int, int] | None, list[tuple[str, str]], int]:
    """``本报记者王建国报道：`` opening a paragraph with no dateline before it."""
    r = _LEAD_REPORTED_RE.match(text)
    bylines = parse_credit(r.group(1)) if r else None
    if not bylines or any(role not in ("reporter", "correspondent") for _, role in bylines):
        return None, None, [], 0
    pos = r.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return None, (0, r.end()), bylines, pos


def trailing_dateline(inner: str) -> bool:
    """``(本报布宜诺斯艾利斯一月十八日电)`` closing a story: its dateline, printed last."""
    return bool(DATELINE_RE.match(inner)) and DATELINE_RE.match(inner).end() == len(inner.strip())


def read_source(text: str) -> list[tuple[str, str]] | None:
    """``来源：新华社`` (or 稿件来源, 信息来源): where a story came from, as a credit."""
    m = _SOURCE_RE.match(text.strip())
    return [(m.group(1), "credit")] if m else None


def read_closing_credit(inner: str) -> list[tuple[str, str]] | None:
    """What a ``(…)`` closing a story says: authors, role credits, an institution or a source."""
    if source := read_source(inner):
        return source
    if _NOT_CREDIT_RE.search(inner):
        return None
    parsed = parse_credit(inner)
    if parsed:
        return parsed
    # Anything else short and purely Chinese is a desk/agency credit: (本通).
    stripped = inner.strip()
    if re.fullmatch(rf"{_CJK_NAME}{{2,10}}", stripped):
        return [(stripped, "credit")]
    return None


def split_trailing_credit(text: str) -> tuple[int, list[tuple[str, str]]] | None:
    """``。(王荣 王晓丽)`` at the end of a paragraph → (where the credit starts, bylines)."""
    m = TRAILING_CREDIT_RE.search(text)
    if not m:
        return None
    # (完), the end mark of agency copy: it ends the story and credits no one.
    parsed = [] if m.group(1).strip() == "完" else read_closing_credit(m.group(1))
    if parsed is None:
        return None
    start = m.start()
    while text[start].isspace():
        start += 1
    return start, parsed


def split_photo_credit(text: str) -> tuple[int, list[tuple[str, str]]] | None:
    """``…环境。王汉平 摄`` (or ``X 供图``, ``(图片由X提供)``) → (where the credit starts, bylines)."""
    lent = PHOTO_LENT_RE.search(text)
    if lent:
        return lent.start(), [(lent.group(1).strip(), "credit")]
    # A credit ends its line and is short: only the line's tail is searched,
    # so a long line costs no more than a short one.
    tail = max(0, len(text) - PHOTO_CREDIT_MAX)
    m = PHOTO_CREDIT_RE.search(text, tail)
    if m:
        names = parse_credit(m.group("names"), bare_role="photographer", strict_names=False)
        if not names:
            return None
    elif m := PHOTO_AGENCY_RE.search(text, tail):
        names = []
    else:
        return None
    # Whoever the role word names (本报记者 X 摄), a photo credit names its photographer.
    fixed = [(n, "photographer" if r in ("author", "reporter", "correspondent") else r) for n, r in names]
    if m.group("agency"):
        fixed.insert(0, (m.group("agency"), "credit"))
    start = m.start()
    while start < len(text) and text[start].isspace():
        start += 1
    return start, fixed


def bracketed(text: str) -> str | None:
    """Inner text of a line that is wholly ``(…)``/``【…】``, else None."""
    m = _BRACKETED_RE.match(text)
    return m.group(1).strip() if m else None
