"""Person-name extraction for Chinese news text (pure Python, no Django).

Pipeline (see ``find_persons``):

1. jieba.posseg tokenises the text (initialised once, lazily, under a lock).
2. Candidates come from jieba's person tags (``nr``/``nrfg``/``nrt``), from
   re-joining a surname that jieba split off its given name, from surname +
   honorific (江主席 -> 江), from transliterated names joined by ``·`` and from
   the ``known_names`` the caller passes.  Long tokens that glue a name to a
   following word (邓小平理论, 马克思主义者) are cut back to the name.
3. Each candidate is scored with general Chinese name linguistics: surname
   lists, given-name character statistics derived from jieba's dictionary,
   transliteration characters, and context cues (a title before, a speech
   verb or honorific after, a 、-list of other names).
4. Anonymised forms (孙某, 王某某) and familiar/kinship address forms (老王,
   小张, 李哥, 王姐) are never persons.

``people_in_story`` aggregates one story: it joins short forms to full names
(国强 -> 张国强, 江主席 -> 江泽民 when the story names him), applies the
``known`` alias map, drops ``exclude``d byline names and bylines it recognises
itself (记者 X, 通讯员 X, "(王荣 王晓丽)", "X 摄", a name alone on a line), and
keeps the best (longest) title seen for each person.

Title normalisation (documented decision): the title is the phrase the story
gives the person, with punctuation quotes removed, "的" removed and a leading
numeral + classifier removed, e.g. 韩永红是市公交公司的一名公交车驾驶员 ->
"市公交公司公交车驾驶员"; enumerations are kept with "、" (市政协机关副秘书长、
临时党支部书记).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from articles.chinese import jieba_tokenizer

from . import names as N
from . import titles as T

__all__ = ["PersonSpan", "StoryPerson", "find_persons", "people_in_story", "find_bylines"]


@dataclass(frozen=True)
class PersonSpan:
    start: int
    end: int
    name: str
    title: str


@dataclass
class StoryPerson:
    name: str
    title: str
    count: int
    first_offset: int
    aliases_seen: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# jieba, initialised once and lazily
_init_lock = threading.Lock()
_tokenizer = None


def _posseg():
    global _tokenizer
    if _tokenizer is None:
        with _init_lock:
            if _tokenizer is None:
                import jieba.posseg

                jieba_tokenizer()
                N.stats()  # load character statistics under the same lock
                _tokenizer = jieba.posseg.dt
    return _tokenizer


def _freq(word: str) -> int:
    import jieba

    return jieba.dt.FREQ.get(word, 0)


@dataclass
class _Tok:
    s: int
    e: int
    w: str
    f: str


def _tokens(text: str) -> list[_Tok]:
    toks = []
    pos = 0
    for pair in _posseg().cut(text):
        w, f = pair.word, pair.flag
        toks.append(_Tok(pos, pos + len(w), w, f))
        pos += len(w)
    return toks


# --------------------------------------------------------------------------
_NAME_TAGS = {"nr", "nrfg", "nrt"}
_ENUMS = {f"{o}{d}{c}" for o, c in (("（", "）"), ("(", ")")) for d in "１２３４５６７８９123456789"}
_FUNCTION_TAGS = {"c", "p", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "m", "q", "f", "v", "vn", "t", "y", "e"}
_DOTS = "·•・‧∙"
_LIST_SEP = {"、"}
_PUNCT = set("，。；：！？、,.;:!?（）()《》“”‘’\"'「」『』【】[]—…-　 \n\t")


_TITLE_SET = frozenset(T.TITLE_SUFFIXES) | frozenset(T.HONORIFICS_AFTER) | {"陆军", "海军", "空军"}


def _is_punct(w: str) -> bool:
    return all(c in _PUNCT or c.isspace() for c in w)


_SETS: dict[int, frozenset] = {}


def _as_set(words) -> frozenset:
    key = id(words)
    st = _SETS.get(key)
    if st is None:
        st = _SETS[key] = frozenset(words)
    return st


def _ends_with_title(w: str) -> bool:
    st = _as_set(T.TITLE_SUFFIXES)
    return any(w[-k:] in st for k in range(2, min(len(w), 6) + 1))


def _starts_with(w: str, words) -> str | None:
    st = _as_set(words)
    for k in range(min(len(w), 6), 0, -1):
        if w[:k] in st:
            return w[:k]
    return None


def _translit_piece(t: _Tok) -> bool:
    """A token that may continue a transliterated name cut by jieba."""
    if not N.is_translit(t.w, 1) or len(t.w) > 3:
        return False
    return len(t.w) == 1 or t.f in _NAME_TAGS or t.f in ("ns", "nz") or _freq(t.w) == 0


def _dot_piece(t: _Tok) -> bool:
    """A token that may be part of a dotted foreign name (克劳德·阿兴)."""
    w = t.w
    if w in _DOTS or not all(N.is_han(c) for c in w) or w in _TITLE_SET or _ends_with_title(w):
        return False
    if N.is_translit(w, 1) or t.f in _NAME_TAGS:
        return True
    return len(w) == 1 and t.f not in _FUNCTION_TAGS


class _Cand:
    __slots__ = ("s", "e", "score", "kind")

    def __init__(self, s, e, score, kind):
        self.s, self.e, self.score, self.kind = s, e, score, kind


def _two_common_words(w: str) -> bool:
    """努力提高 = 努力 + 提高: a phrase of frequent words, not a transliteration."""
    for k in range(2, len(w) - 1):
        a, b = w[:k], w[k:]
        if _freq(a) >= 1000 and _freq(b) >= 1000 and N.dict_tag(a) not in _NAME_TAGS and N.dict_tag(b) not in _NAME_TAGS:
            return True
    return False


def _cn_shape_score(w: str) -> float | None:
    """Score of ``w`` as a Chinese full name, or None if it has no such shape."""
    sp = N.split_surname(w)
    if sp is None:
        return None
    sur, given = sp
    g = N.given_name_score(given)
    if g <= -5:
        return None
    return g


def _context(toks: list[_Tok], i: int, j: int, text: str) -> float:
    """Context evidence for a name made of tokens i..j-1."""
    sc = 0.0
    prev = toks[i - 1].w if i > 0 else ""
    nxt = toks[j].w if j < len(toks) else ""
    if prev and (_ends_with_title(prev) or prev in T.PERSON_CUE_BEFORE):
        sc += 1.5
    if nxt and (_starts_with(nxt, T.SPEECH_AFTER) or nxt in T.HONORIFICS_AFTER or _ends_with_title(nxt) and len(nxt) <= 3):
        sc += 1.5
    if prev in _LIST_SEP or nxt in _LIST_SEP:
        sc += 0.5
    if prev in T.PLACE_CUE_BEFORE and (j - i > 1 or len(toks[i].w) <= 2 or N.is_translit(toks[i].w)):
        sc -= 1.5
    if prev == "的" and j - i == 1 and len(toks[i].w) == 2:
        sc -= 1.0
    if nxt and (nxt[0] in T.PLACE_SUFFIX_AFTER or _starts_with(nxt, T.PLACE_WORDS_AFTER)):
        sc -= 1.5
    if nxt in ("（", "(") and text[toks[j].e : toks[j].e + 2] in ("女）", "女)"):
        sc += 2.0
    s0, e0 = toks[i].s, toks[j - 1].e
    if s0 > 0 and text[s0 - 1] in "（(" and (text[e0 : e0 + 1] in "）)" or text[e0 : e0 + 2] in ("摄）", "摄)")):
        sc += 1.0  # (苏萱) (许光明摄): credit lines name persons
    if s0 > 0 and (text[s0 - 1] in "①②③④⑤⑥⑦⑧⑨⑩" or text[max(0, s0 - 3) : s0] in _ENUMS):
        sc += 1.0  # enumerations: （１）克林顿（２）布什
    return sc


def _familiar_or_anon(text: str, s: int, e: int) -> bool:
    """老王 小张 李哥 王姐 孙某 王某某."""
    name = text[s:e]
    if T.ANON_CHAR in name:
        return True
    if e < len(text) and text[e] == T.ANON_CHAR:
        return True
    if e - s == 2 and name[0] in N.SURNAMES_SINGLE and name[1] in T.KINSHIP_AFTER:
        return True  # 李哥 王姐
    if e - s == 2 and name[0] in T.FAMILIAR_BEFORE and name[1] in N.SURNAMES_SINGLE and text[e : e + 2] != "同志":
        return True  # 老王 小张 (but "小平同志" is a formal reference to a person)
    if e - s == 3 and name[0] in N.SURNAMES_SINGLE and name[1:] in T.KINSHIP_WORDS:
        return True  # 王大妈 李大哥 张阿姨
    if e - s == 1:
        if e < len(text) and text[e] in T.KINSHIP_AFTER and (e + 1 >= len(text) or text[e + 1] not in "子女"):
            return True
        if s > 0 and text[s - 1] in T.FAMILIAR_BEFORE:
            return True
    return False


def _given_tail(t: _Tok, titled: bool = False) -> bool:
    """A single character token that plausibly ends a given name."""
    return (
        len(t.w) == 1
        and N.is_han(t.w)
        and t.f not in _FUNCTION_TAGS
        and t.f not in ("x", "a", "ng")
        and t.w not in N.NON_NAME_CHARS
        and N.given_char_score(t.w) > (-1.5 if titled else 0.5)
    )


def _candidates(text: str, toks: list[_Tok]) -> list[_Cand]:
    cands: list[_Cand] = []
    n = len(toks)

    def ctx_of(i: int, j: int) -> float:
        return _context(toks, i, j, text)

    for i, t in enumerate(toks):
        w, f = t.w, t.f
        if not N.is_han(w[0]):
            continue
        in_dict = _freq(w) > 0
        # -- a name glued to a following word in a non-name token: 马克思主义者
        if f not in _NAME_TAGS and len(w) >= 5:
            pre, rest = w[:3], w[3:]
            if N.dict_tag(pre) in _NAME_TAGS and _freq(rest) > 0 and (
                _cn_shape_score(pre) is not None or N.is_translit(pre)
            ):
                cands.append(_Cand(t.s, t.s + 3, 2.0, "cn"))
                continue
        # -- a name-shaped word jieba did not tag as a name, with strong context
        if f not in _NAME_TAGS and 2 <= len(w) <= 3 and f in ("n", "ns", "nz", "j", "v", "a", "t", "i", "l"):
            g = _cn_shape_score(w)
            if g is not None and _freq(w) < 500 and not N.looks_like_place(w) and w not in _TITLE_SET:
                ctx = _context(toks, i, i + 1, text)
                if ctx >= 1.5:
                    cands.append(_Cand(t.s, t.e, -0.5 + 0.5 * g + (0.5 if len(w) == 3 else 0) + ctx, "cn"))
        # 小平同志: a two-character form directly before 同志
        if 2 <= len(w) <= 3 and i + 1 < n and toks[i + 1].w == "同志" and w not in _TITLE_SET and _freq(w) < 2000 and all(N.is_han(c) for c in w):
            if w[0] in "小老" or _cn_shape_score(w) is not None or f in _NAME_TAGS:
                cands.append(_Cand(t.s, t.e, 2.0, "cn"))
                continue
        # -- a transliterated word right after a title: 国务卿基辛格/n, 秘书长加维里亚/ns
        if (
            f not in _NAME_TAGS
            and f in ("n", "ns", "nz", "x", "j", "l")
            and (len(w) >= 3 or f == "ns")
            and len(w) >= 2
            and N.is_translit(w)
            and i > 0
            and _ends_with_title(toks[i - 1].w)
            and _freq(w) < (500 if len(w) == 2 and f == "ns" else 200)
            and not N.looks_like_place(w)
            and not _two_common_words(w)
        ):
            cands.append(_Cand(t.s, t.e, 1.0 + _context(toks, i, i + 1, text), "tr"))
            continue
        # -- jieba's own person tags -------------------------------------
        if f in _NAME_TAGS and (w in _TITLE_SET or _ends_with_title(w) or N.looks_like_place(w)):
            continue
        if f in _NAME_TAGS:
            if len(w) >= 4:
                # name glued to a following word: 邓小平理论, 毛泽东思想
                for k in (3, 2):
                    pre, rest = w[:k], w[k:]
                    if (
                        N.dict_tag(pre) in _NAME_TAGS
                        and _freq(rest) >= 300
                        and N.dict_tag(rest) not in _NAME_TAGS
                        and _cn_shape_score(pre) is not None
                    ):
                        cands.append(_Cand(t.s, t.s + k, 2.0 + _context(toks, i, i + 1, text), "cn"))
                        break
                else:
                    if len(w) == 4 and w[:2] in N.SURNAMES_COMPOUND:
                        g = _cn_shape_score(w)
                        if g is not None:
                            cands.append(_Cand(t.s, t.e, 1.0 + g + _context(toks, i, i + 1, text), "cn"))
                    elif N.is_translit(w, 3) and not _two_common_words(w):
                        cands.append(_Cand(t.s, t.e, 1.5 + _context(toks, i, i + 1, text), "tr"))
                continue
            g = _cn_shape_score(w)
            ctx = _context(toks, i, i + 1, text)
            titled = i > 0 and _ends_with_title(toks[i - 1].w)
            if g is not None and len(w) == 2 and i + 1 < n and _given_tail(toks[i + 1], titled):
                # 武卫/平, 霍锋/水: jieba left the last given-name character out
                cands.append(_Cand(t.s, toks[i + 1].e, 2.0 + ctx_of(i, i + 2), "cn"))
            elif (
                g is not None
                and len(w) == 2
                and i + 1 < n
                and len(toks[i + 1].w) == 2
                and toks[i + 1].w[1] in "说称讲问答道"
                and _given_tail(_Tok(0, 1, toks[i + 1].w[0], "n"), titled)
            ):
                # 武卫/平说: the last given-name character glued to the verb
                cands.append(_Cand(t.s, toks[i + 1].s + 1, 3.0, "cn"))
            if g is not None and len(w) >= 2:
                if len(w) >= 3:
                    sp = N.split_surname(w)
                    gm = sum(N.given_char_score(c) for c in sp[1]) / len(sp[1])
                    base = 2.2 + 0.5 * min(gm, 0.0)
                    head = w[:2]
                    if _freq(head) >= 1000 and N.dict_tag(head) not in _NAME_TAGS:
                        base -= 0.6  # 杜鹃花 = 杜鹃 + 花
                else:
                    base = 0.5 + 0.4 * g
                    if w[0] in N.TOP_SURNAMES:
                        base += 0.5
                    if not in_dict:
                        base += 0.5
                    elif _freq(w) > 1000:
                        base -= 1.0
                cands.append(_Cand(t.s, t.e, base + ctx, "cn"))
                if N.is_translit(w) and i + 1 < n:
                    t2 = toks[i + 1]
                    if (
                        len(t2.w) >= 2
                        and N.is_translit(t2.w)
                        and (t2.f in _NAME_TAGS or t2.f == "ns" or _freq(t2.w) == 0)
                        and not N.looks_like_place(t2.w)
                    ):
                        # 罗季奥/诺夫, 施图岑/贝格: one transliteration cut in two
                        cands.append(_Cand(t.s, t2.e, max(base + ctx, 2.0) + 0.5, "tr"))
            elif N.is_translit(w) and len(w) >= 2 and not _two_common_words(w):
                # jieba often cuts a transliteration in two: 沃尔斯/基, 卡拉/辛
                j = i + 1
                while j < n and j - i < 3 and _translit_piece(toks[j]):
                    j += 1
                base = 1.5
                if j == i + 1 and len(w) == 2 and in_dict:
                    base = 0.5  # 2-character dictionary words (哈佛, 科普) need context
                ctx = _context(toks, i, j, text)
                if N.looks_like_place(text[t.s : toks[j - 1].e]):
                    continue
                a = i
                if (
                    i >= 2
                    and len(toks[i - 1].w) == 1
                    and N.is_translit(toks[i - 1].w)
                    and toks[i - 1].f not in _FUNCTION_TAGS
                    and _ends_with_title(toks[i - 2].w)
                ):
                    a = i - 1  # 国防部长姆/维拉
                    ctx = max(ctx, 1.5)
                cands.append(_Cand(toks[a].s, toks[j - 1].e, base + ctx, "tr"))
        # -- surname + honorific: 江主席 -> 江 -----------------------------
        if w[0] in N.SURNAMES_SINGLE and len(w) >= 2 and w[1:] in T.HONORIFICS_AFTER:
            cands.append(_Cand(t.s, t.s + 1, 2.5, "hon"))
            continue
        if (
            len(w) == 1
            and w in N.SURNAMES_SINGLE
            and f not in _FUNCTION_TAGS
            and i + 1 < n
            and toks[i + 1].w in T.HONORIFICS_AFTER
            and toks[i + 1].w not in ("夫人", "太太", "代表", "委员")
            and not (toks[i + 1].w == "老" and i + 2 < n and toks[i + 2].f in ("n", "nr", "ns", "vn"))
        ):
            cands.append(_Cand(t.s, t.e, 2.5, "hon"))
            continue
        # -- surname split off its given name: 丁/文昌, 杨/纪/珂 --------------
        sur = None
        if f in _FUNCTION_TAGS or f == "x":
            pass
        elif len(w) == 1 and w in N.SURNAMES_SINGLE:
            sur = w
        elif w in N.SURNAMES_COMPOUND:
            sur = w
        if sur and i + 1 < n:
            best = None
            # given name of one token (1-2 chars) or two single-char tokens
            opts = []
            t1 = toks[i + 1]
            if 1 <= len(t1.w) <= 2 and all(N.is_han(c) for c in t1.w):
                opts.append((i + 2, t1.w))
            if len(t1.w) == 1 and i + 2 < n and len(toks[i + 2].w) == 1 and N.is_han(toks[i + 2].w):
                opts.append((i + 3, t1.w + toks[i + 2].w))
            for j, given in opts:
                if T.ANON_CHAR in given:
                    continue
                if any(c in N.NON_NAME_CHARS for c in given) or given in _TITLE_SET or _ends_with_title(given):
                    continue
                g = sum(N.given_char_score(c) for c in given) / len(given)
                if g <= -1.5:
                    continue
                ctx = _context(toks, i, j, text)
                base = -0.5 + (0.7 if f == "nr" else 0.0) + 0.6 * g + (0.5 if len(given) == 2 else 0)
                titled = i > 0 and _ends_with_title(toks[i - 1].w)
                if _freq(given) > 500 and toks[i + 1].f not in _NAME_TAGS and not titled:
                    base -= 1.0
                sc = base + ctx
                if best is None or sc > best.score:
                    best = _Cand(t.s, toks[j - 1].e, sc, "cn")
            if best:
                cands.append(best)
    # -- transliterated names joined with middle dots: 理查德·赖尔登 ----------
    k = 0
    while k < n:
        if toks[k].w not in _DOTS or k == 0:
            k += 1
            continue
        a = k - 1
        while a >= 0 and a > k - 4 and _dot_piece(toks[a]) and (
            N.is_translit(toks[a].w, 1) or len(toks[a].w) == 1 or (toks[a].f in _NAME_TAGS and len(toks[a].w) == 2)
        ):
            a -= 1
        a += 1
        b = k
        # chain: dot, translit tokens, dot, ...
        while b < n and toks[b].w in _DOTS:
            c = b + 1
            while c < n and c - b <= 3 and _dot_piece(toks[c]):
                c += 1
            if c == b + 1:
                break
            b = c
        if a < k and b > k + 1:
            cands.append(_Cand(toks[a].s, toks[b - 1].e, 3.0, "dot"))
        k = max(b, k + 1)
    return cands


def _list_piece_score(u: str, tok_tags: dict[str, str]) -> float | None:
    """Score of ``u`` as one entry of an unseparated name list (None: not a name)."""
    if any(c in _DOTS for c in u):
        parts = re.split("[" + _DOTS + "]", u)
        if all(1 <= len(p) <= 8 and all(N.is_han(c) for c in p) for p in parts) and N.is_translit(parts[0][-1:], 1):
            return 2.0
        return None
    if not all(N.is_han(c) for c in u):
        return None
    tag = tok_tags.get(u) or N.dict_tag(u)
    sp = N.split_surname(u)
    if sp is not None:
        g = N.given_name_score(sp[1])
        sc = 1.0 + 0.5 * max(-3.0, min(g, 2.0))
        if len(sp[1]) == 2:
            sc += 0.8
        if tag in _NAME_TAGS:
            sc += 1.5
        elif _freq(u) > 0:
            sc -= 1.0
        return sc
    if u in tok_tags and 2 <= len(u) <= 5:
        if tag in _NAME_TAGS:
            return 1.0
        if N.is_translit(u):
            return 0.0
    return None


def _name_lists(text: str, toks: list[_Tok]) -> list[tuple[int, int, int, int]]:
    """Entries of name lists written without separators (名单: 李鹏乔石李瑞环…).

    Returns (chunk_start, chunk_end, start, end) tuples.  A chunk (text between
    punctuation) is a list when most of its characters are in person-tagged
    tokens; it is then segmented by dynamic programming into surname+given
    names, dictionary names and dotted transliterations."""
    out = []
    chunk: list[_Tok] = []

    def flush():
        if not chunk:
            return
        total = chunk[-1].e - chunk[0].s
        named = sum(t.e - t.s for t in chunk if t.f in _NAME_TAGS)
        nnames = sum(1 for t in chunk if t.f in _NAME_TAGS)
        nfunc = sum(1 for t in chunk if t.f in _FUNCTION_TAGS)
        if total >= 9 and nnames >= 4 and named >= 0.65 * total and nfunc <= 0.15 * len(chunk):
            out.extend(_segment_list(text, chunk))
        chunk.clear()

    for t in toks:
        if _is_punct(t.w) and t.w not in _DOTS:
            flush()
        else:
            chunk.append(t)
    flush()
    return out


def _segment_list(text: str, chunk: list[_Tok]) -> list[tuple[int, int, int, int]]:
    base = chunk[0].s
    c = text[base : chunk[-1].e]
    L = len(c)
    tok_tags = {t.w: t.f for t in chunk}
    tok_bounds = {t.s - base for t in chunk} | {L}
    NEG = -1e9
    best = [NEG] * (L + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (L + 1)
    best[0] = 0.0
    for i in range(L):
        if best[i] == NEG:
            continue
        maxlen = 16 if any(d in c[i : i + 16] for d in _DOTS) else 5
        for j in range(i + 1, min(L, i + maxlen) + 1):
            u = c[i:j]
            sc = None
            if j - i >= 2:
                sc = _list_piece_score(u, tok_tags)
                if sc is not None and i in tok_bounds:
                    sc += 0.4
                if sc is not None and j in tok_bounds:
                    sc += 0.4
            is_name = sc is not None
            if sc is None:
                # filler: an original jieba token, or a single character
                if u in tok_tags and i in tok_bounds and j in tok_bounds:
                    sc = -1.0
                elif j - i == 1:
                    sc = -3.0
                else:
                    continue
            v = best[i] + sc
            if v > best[j]:
                best[j] = v
                back[j] = (i, is_name)
    res = []
    j = L
    while j > 0:
        i, is_name = back[j]
        if is_name:
            res.append((base, base + L, base + i, base + j))
        j = i
    return res[::-1]


_THRESH = {"cn": 1.5, "tr": 1.5, "hon": 1.0, "dot": 1.0, "known": 0.0, "list": 0.0}


_PLACE_SUFFIX_RE = re.compile(r"([\u4e00-\u9fff]{2})(?:市|县|区|镇|乡|村|省|州|旗|盟)")


def _places_in_text(text: str) -> set[str]:
    """Two-character words the text itself uses as place names (怀仁市 -> 怀仁)."""
    out = set()
    for m in _PLACE_SUFFIX_RE.finditer(text):
        w = m.group(1)
        nxt = text[m.end() : m.end() + 1]
        if nxt not in ("长", "委"):  # 王市长 … is a title, not a place
            out.add(w)
    return out


def _select(text: str, cands: list[_Cand]) -> list[tuple[int, int]]:
    places = _places_in_text(text)
    cands = [
        c
        for c in cands
        if not _familiar_or_anon(text, c.s, c.e) and not (c.kind in ("cn", "tr") and text[c.s : c.e] in places)
    ]
    # 、-lists: a weak candidate between list commas next to a sure name is a name
    sure_ends = {c.e for c in cands if c.score >= _THRESH[c.kind]}
    sure_starts = {c.s for c in cands if c.score >= _THRESH[c.kind]}
    for _ in range(2):
        for c in cands:
            if c.kind == "cn" and _THRESH["cn"] - 1.5 <= c.score < _THRESH["cn"]:
                before = c.s >= 1 and text[c.s - 1] in "、和与及" and (c.s - 1) in sure_ends
                after = c.e < len(text) and text[c.e] in "、和与及" and (c.e + 1) in sure_starts
                if before or after:
                    c.score = _THRESH["cn"]
                    sure_ends.add(c.e)
                    sure_starts.add(c.s)
    cands = [c for c in cands if c.score >= _THRESH[c.kind]]
    # dotted chains absorb their pieces; otherwise prefer higher score, then longer
    cands.sort(key=lambda c: (c.kind != "known", c.kind != "list", c.kind != "dot", -c.score, -(c.e - c.s)))
    taken: list[tuple[int, int]] = []
    for c in cands:
        if any(c.s < e and s < c.e for s, e in taken):
            continue
        taken.append((c.s, c.e))
    # dotted chains: merge adjacent dot spans
    taken.sort()
    return taken


def _known_spans(text: str, known_names: Iterable[str]) -> list[_Cand]:
    ks = sorted({k for k in known_names if k and len(k) >= 2}, key=len, reverse=True)
    out: list[_Cand] = []
    used = [False] * len(text)
    for k in ks:
        start = 0
        while True:
            p = text.find(k, start)
            if p < 0:
                break
            if not any(used[p : p + len(k)]):
                out.append(_Cand(p, p + len(k), 10.0, "known"))
                for q in range(p, p + len(k)):
                    used[q] = True
            start = p + 1
    return out


def _propagate(text: str, toks: list[_Tok], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A full name (>=2 chars) found once is found at its other occurrences
    too, unless that occurrence sits inside a longer word (王鹏 in 王鹏飞)."""
    found = {text[s:e] for s, e in spans if e - s >= 2}
    if not found:
        return spans
    starts = {t.s for t in toks}
    ends = {t.e for t in toks}
    occupied = list(spans)
    for c in _known_spans(text, found):
        if any(c.s < e and s < c.e for s, e in occupied):
            continue
        long_name = c.e - c.s >= 3  # 3+ characters are rarely the prefix of another word
        left_ok = long_name or c.s in starts or c.s == 0 or not N.is_han(text[c.s - 1])
        right_ok = long_name or c.e in ends or c.e == len(text) or not N.is_han(text[c.e]) or text[c.e] in "说称讲问答道"
        if left_ok and right_ok and not _familiar_or_anon(text, c.s, c.e):
            occupied.append((c.s, c.e))
    return sorted(occupied)


# --------------------------------------------------------------------------
# titles
_CLASSIFIER_RE = re.compile(r"(?:[一二三四五六七八九十两几]|[0-9０-９]+)(?:名|位|个)")


def _normalise_title(t: str) -> str:
    t = re.sub(r"[“”\"'‘’「」『』]", "", t)
    t = t.replace("的", "")
    t = _CLASSIFIER_RE.sub("", t)
    t = t.strip("，,、 ")
    return t


_TITLE_BREAK_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "m", "t", "y", "e", "o", "q", "mq"}


def _title_before(toks: list[_Tok], i: int, text: str) -> str:
    """Title phrase right before token i (TITLE+NAME), '' if none."""
    j = i - 1
    if j < 0 or not _ends_with_title(toks[j].w):
        return ""
    k = j
    while k >= 0:
        t = toks[k]
        w = t.w
        if w == "、":
            # an enumeration of titles (…副秘书长、临时党支部书记) stays together
            if k - 1 >= 0 and _ends_with_title(toks[k - 1].w):
                k -= 1
                continue
            break
        if _is_punct(w) or "\n" in w:
            break
        glued_place = t.f == "p" and len(w) == 1 and k + 1 < len(toks) and toks[k + 1].f == "ns"  # 经/开区
        if k != j and not glued_place and (
            w in T.TITLE_STOP_WORDS or t.f in _TITLE_BREAK_TAGS or (t.f == "v" and len(w) == 1)
        ):
            break
        k -= 1
    if k + 1 > j:
        return ""
    phrase = text[toks[k + 1].s : toks[j].e]
    return _normalise_title(phrase)


def _title_after_shi(toks: list[_Tok], j: int, text: str) -> str:
    """NAME + 是 + ... + TITLE (up to the clause end)."""
    if j >= len(toks) or toks[j].w != "是":
        return ""
    k = j + 1
    last_title = -1
    while k < len(toks) and k - j < 16:
        w, f = toks[k].w, toks[k].f
        if _is_punct(w) and w != "、":
            break
        glued_place = f == "p" and len(w) == 1 and k + 1 < len(toks) and toks[k + 1].f == "ns"  # 经/开区
        if not glued_place and ((f == "v" and len(w) == 1) or f in ("a", "ad", "d", "p", "c", "r", "l", "i")):
            return ""
        if _ends_with_title(w):
            last_title = k
        k += 1
    if last_title < 0:
        return ""
    return _normalise_title(text[toks[j + 1].s : toks[last_title].e])


def _title_in_parens(toks: list[_Tok], j: int, text: str) -> str:
    """NAME（TITLE）."""
    if j >= len(toks) or toks[j].w not in ("（", "("):
        return ""
    k = j + 1
    while k < len(toks) and toks[k].w not in ("）", ")") and k - j < 12:
        k += 1
    if k >= len(toks) or k == j + 1:
        return ""
    inner = text[toks[j + 1].s : toks[k - 1].e]
    if _ends_with_title(inner):
        return _normalise_title(inner)
    return ""


def _assign_titles(text: str, toks: list[_Tok], spans: list[tuple[int, int]]) -> list[str]:
    start_idx = {t.s: k for k, t in enumerate(toks)}
    end_idx = {t.e: k for k, t in enumerate(toks)}
    titles: list[str] = []
    prev_title = ""
    prev_end = -10
    for s, e in spans:
        title = ""
        i = start_idx.get(s)
        j = end_idx.get(e)
        if i is not None:
            title = _title_before(toks, i, text)
        if not title and j is not None:
            title = _title_after_shi(toks, j + 1, text) or _title_in_parens(toks, j + 1, text)
        if not title and prev_title and text[prev_end:s] == "、":
            title = prev_title  # 辅警谢康、张建华、赵生强
        titles.append(title)
        if title:
            prev_title = title
        elif text[prev_end:s] != "、":
            prev_title = ""
        prev_end = e
    return titles


# --------------------------------------------------------------------------
def find_persons(text: str, known_names: Iterable[str] = ()) -> list[PersonSpan]:
    """Every person-name occurrence in ``text``, in text order."""
    if not text:
        return []
    toks = _tokens(text)
    cands = _candidates(text, toks)
    lists = _name_lists(text, toks)
    if lists:
        covered = [(a, b) for a, b, _, _ in lists]
        cands = [c for c in cands if not any(a <= c.s and c.e <= b for a, b in covered)]
        cands.extend(_Cand(s, e, 5.0, "list") for _, _, s, e in lists)
    cands.extend(_known_spans(text, known_names))
    spans = _select(text, cands)
    spans = _propagate(text, toks, spans)
    titles = _assign_titles(text, toks, spans)
    return [PersonSpan(s, e, text[s:e], t) for (s, e), t in zip(spans, titles)]


# --------------------------------------------------------------------------
_BYLINE_RE = [
    # 记者 武跃林 / 本报记者 X Y / 通讯员 孙宇  (role word then names)
    re.compile(r"(?:本报)?(?:特约)?(?:记者|通讯员|实习生|摄影|供稿|撰稿|作者)[ 　:：]*((?:[\u4e00-\u9fff·]{2,4}[ 　、]*)+)"),
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


_TERMINAL = set("。！？!?；;：:”’」』)）…")


def _join_broken_lines(text: str) -> tuple[str, list[int]]:
    """Undo line breaks that cut a sentence in two (page layout: 朔城分局北\n\n城派出所).

    Returns the joined text and, for each of its characters, the offset in ``text``."""
    out: list[str] = []
    offs: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            j = i
            while j < n and text[j] in "\n \t\u3000\r":
                j += 1
            prev = out[-1] if out else ""
            line_start = text.rfind("\n", 0, i) + 1
            long_line = i - line_start >= 20  # a paragraph cut by the layout, not a heading/byline
            if long_line and prev and prev not in _TERMINAL and N.is_han(prev) and j < n and N.is_han(text[j]):
                i = j  # glue the two halves of the sentence
                continue
        out.append(ch)
        offs.append(i)
        i += 1
    offs.append(n)
    return "".join(out), offs


def people_in_story(
    text: str, *, known: Mapping[str, str] = {}, exclude: Iterable[str] = ()
) -> list[StoryPerson]:
    """One entry per person of a whole story, in order of first mention."""
    exclude = set(exclude) | find_bylines(text)
    known = dict(known)
    joined, offsets = _join_broken_lines(text)
    spans = [
        PersonSpan(offsets[sp.start], offsets[sp.end - 1] + 1, sp.name, sp.title)
        for sp in find_persons(joined, known_names=list(known) + list(known.values()))
    ]
    full: dict[str, StoryPerson] = {}
    order: list[str] = []
    mentions = []
    for sp in spans:
        nm = known.get(sp.name, sp.name)
        mentions.append((sp, nm))
    # canonical names: >=2 chars with a surname, or transliterated/known
    canon = [nm for _, nm in mentions if len(nm) >= 2 and nm not in exclude]
    canon_set = set(canon)

    def resolve(nm: str) -> str | None:
        if nm in exclude:
            return None
        if nm in canon_set and not any(nm != c and c.endswith(nm) and len(c) > len(nm) and N.split_surname(c) for c in canon_set):
            return nm
        # short forms: given name (国强 -> 张国强) or surname alone (江 -> 江泽民)
        cands = [c for c in canon_set if c != nm and len(c) > len(nm) and (c.endswith(nm) or c.startswith(nm))]
        if len(cands) == 1:
            return cands[0]
        if len(nm) >= 2:
            return nm
        return None

    for sp, nm in mentions:
        r = resolve(nm)
        if r is None or r in exclude:
            continue
        if r not in full:
            full[r] = StoryPerson(r, "", 0, sp.start, [])
            order.append(r)
        p = full[r]
        p.count += 1
        if sp.name != r and sp.name not in p.aliases_seen:
            p.aliases_seen.append(sp.name)
        if len(sp.title) > len(p.title):
            p.title = sp.title
    # short forms not found by the tagger: given names of story people (国强)
    for nm in list(order):
        sp_ = N.split_surname(nm)
        if not sp_ or len(sp_[1]) != 2:
            continue
        given = sp_[1]
        for m in re.finditer(re.escape(given), text):
            s = m.start()
            if s > 0 and N.is_han(text[s - 1]):
                continue  # part of the full name or of another word
            p = full[nm]
            p.count += 1
            if given not in p.aliases_seen:
                p.aliases_seen.append(given)
            p.first_offset = min(p.first_offset, s)
    res = [full[nm] for nm in order]
    res.sort(key=lambda p: p.first_offset)
    return res
