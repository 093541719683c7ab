"""Candidate name spans from jieba tokens, each with a score and a kind.

One pass over the tokens applies the rules in a fixed order and the first that
fires for a token usually ends its turn (``continue``), so the order is part of
the behaviour: a name glued to a following word (马克思主义者), a name-shaped
word jieba did not tag but the context vouches for, a form before 同志, a
transliteration after a title, jieba's own person tags (cut back, extended by
a left-out last character or a second transliteration piece), surname +
honorific (江主席 -> 江), and a surname split off its given name (丁/文昌).
A second pass finds transliterated names joined by middle dots.  Kinds are
"cn" (Chinese), "tr" (transliterated), "hon" (surname + honorific) and "dot";
their thresholds live in selection.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import names as N
from .. import titles as T
from .context import context_score
from .shape import cn_shape_score, given_tail, translit_piece, two_common_words
from .title_words import TITLE_WORDS, ends_with_title
from .tokens import DOTS, FUNCTION_TAGS, NAME_TAGS, Token, word_freq


@dataclass(slots=True)
class Candidate:
    """A proposed name span: its score decides, against its kind's threshold (selection.py)."""

    start: int
    end: int
    score: float
    kind: str


def find_candidates(text: str, toks: list[Token]) -> list[Candidate]:
    cands: list[Candidate] = []
    n = len(toks)

    def ctx_of(i: int, j: int) -> float:
        return context_score(toks, i, j, text)

    for i, t in enumerate(toks):
        w, f = t.word, t.flag
        if not N.is_han(w[0]):
            continue
        in_dict = word_freq(w) > 0
        # -- a name glued to a following word in a non-name token: 马克思主义者
        if f not in NAME_TAGS and len(w) >= 5:
            pre, rest = w[:3], w[3:]
            if N.dict_tag(pre) in NAME_TAGS and word_freq(rest) > 0 and (
                cn_shape_score(pre) is not None or N.is_translit(pre)
            ):
                cands.append(Candidate(t.start, t.start + 3, 2.0, "cn"))
                continue
        # -- a name-shaped word jieba did not tag as a name, with strong context
        if f not in NAME_TAGS and 2 <= len(w) <= 3 and f in ("n", "ns", "nz", "j", "v", "a", "t", "i", "l"):
            g = cn_shape_score(w)
            if g is not None and word_freq(w) < 500 and not N.looks_like_place(w) and w not in TITLE_WORDS:
                ctx = context_score(toks, i, i + 1, text)
                if ctx >= 1.5:
                    cands.append(Candidate(t.start, t.end, -0.5 + 0.5 * g + (0.5 if len(w) == 3 else 0) + ctx, "cn"))
        # 小平同志: a two-character form directly before 同志
        if 2 <= len(w) <= 3 and i + 1 < n and toks[i + 1].word == "同志" and w not in TITLE_WORDS and word_freq(w) < 2000 and all(N.is_han(c) for c in w):
            if w[0] in "小老" or cn_shape_score(w) is not None or f in NAME_TAGS:
                cands.append(Candidate(t.start, t.end, 2.0, "cn"))
                continue
        # -- a transliterated word right after a title: 国务卿基辛格/n, 秘书长加维里亚/ns
        if (
            f not in NAME_TAGS
            and f in ("n", "ns", "nz", "x", "j", "l")
            and (len(w) >= 3 or f == "ns")
            and len(w) >= 2
            and N.is_translit(w)
            and i > 0
            and ends_with_title(toks[i - 1].word)
            and word_freq(w) < (500 if len(w) == 2 and f == "ns" else 200)
            and not N.looks_like_place(w)
            and not two_common_words(w)
        ):
            cands.append(Candidate(t.start, t.end, 1.0 + context_score(toks, i, i + 1, text), "tr"))
            continue
        # -- jieba's own person tags -------------------------------------
        if f in NAME_TAGS and (w in TITLE_WORDS or ends_with_title(w) or N.looks_like_place(w)):
            continue
        if f in NAME_TAGS:
            if len(w) >= 4:
                # name glued to a following word: 邓小平理论, 毛泽东思想
                for k in (3, 2):
                    pre, rest = w[:k], w[k:]
                    if (
                        N.dict_tag(pre) in NAME_TAGS
                        and word_freq(rest) >= 300
                        and N.dict_tag(rest) not in NAME_TAGS
                        and cn_shape_score(pre) is not None
                    ):
                        cands.append(Candidate(t.start, t.start + k, 2.0 + context_score(toks, i, i + 1, text), "cn"))
                        break
                else:
                    if len(w) == 4 and w[:2] in N.SURNAMES_COMPOUND:
                        g = cn_shape_score(w)
                        if g is not None:
                            cands.append(Candidate(t.start, t.end, 1.0 + g + context_score(toks, i, i + 1, text), "cn"))
                    elif N.is_translit(w, 3) and not two_common_words(w):
                        cands.append(Candidate(t.start, t.end, 1.5 + context_score(toks, i, i + 1, text), "tr"))
                continue
            g = cn_shape_score(w)
            ctx = context_score(toks, i, i + 1, text)
            titled = i > 0 and ends_with_title(toks[i - 1].word)
            if g is not None and len(w) == 2 and i + 1 < n and given_tail(toks[i + 1], titled):
                # 武卫/平, 霍锋/水: jieba left the last given-name character out
                cands.append(Candidate(t.start, toks[i + 1].end, 2.0 + ctx_of(i, i + 2), "cn"))
            elif (
                g is not None
                and len(w) == 2
                and i + 1 < n
                and len(toks[i + 1].word) == 2
                and toks[i + 1].word[1] in "说称讲问答道"
                and given_tail(Token(0, 1, toks[i + 1].word[0], "n"), titled)
            ):
                # 武卫/平说: the last given-name character glued to the verb
                cands.append(Candidate(t.start, toks[i + 1].start + 1, 3.0, "cn"))
            if g is not None and len(w) >= 2:
                if len(w) >= 3:
                    sp = N.split_surname(w)
                    gm = sum(N.given_char_score(c) for c in sp[1]) / len(sp[1])
                    base = 2.2 + 0.5 * min(gm, 0.0)
                    head = w[:2]
                    if word_freq(head) >= 1000 and N.dict_tag(head) not in NAME_TAGS:
                        base -= 0.6  # 杜鹃花 = 杜鹃 + 花
                else:
                    base = 0.5 + 0.4 * g
                    if w[0] in N.TOP_SURNAMES:
                        base += 0.5
                    if not in_dict:
                        base += 0.5
                    elif word_freq(w) > 1000:
                        base -= 1.0
                cands.append(Candidate(t.start, t.end, base + ctx, "cn"))
                if N.is_translit(w) and i + 1 < n:
                    t2 = toks[i + 1]
                    if (
                        len(t2.word) >= 2
                        and N.is_translit(t2.word)
                        and (t2.flag in NAME_TAGS or t2.flag == "ns" or word_freq(t2.word) == 0)
                        and not N.looks_like_place(t2.word)
                    ):
                        # 罗季奥/诺夫, 施图岑/贝格: one transliteration cut in two
                        cands.append(Candidate(t.start, t2.end, max(base + ctx, 2.0) + 0.5, "tr"))
            elif N.is_translit(w) and len(w) >= 2 and not two_common_words(w):
                # jieba often cuts a transliteration in two: 沃尔斯/基, 卡拉/辛
                j = i + 1
                while j < n and j - i < 3 and translit_piece(toks[j]):
                    j += 1
                base = 1.5
                if j == i + 1 and len(w) == 2 and in_dict:
                    base = 0.5  # 2-character dictionary words (哈佛, 科普) need context
                ctx = context_score(toks, i, j, text)
                if N.looks_like_place(text[t.start : toks[j - 1].end]):
                    continue
                a = i
                if (
                    i >= 2
                    and len(toks[i - 1].word) == 1
                    and N.is_translit(toks[i - 1].word)
                    and toks[i - 1].flag not in FUNCTION_TAGS
                    and ends_with_title(toks[i - 2].word)
                ):
                    a = i - 1  # 国防部长姆/维拉
                    ctx = max(ctx, 1.5)
                cands.append(Candidate(toks[a].start, toks[j - 1].end, base + ctx, "tr"))
        # -- surname + honorific: 江主席 -> 江 -----------------------------
        if w[0] in N.SURNAMES_SINGLE and len(w) >= 2 and w[1:] in T.HONORIFICS_AFTER:
            cands.append(Candidate(t.start, t.start + 1, 2.5, "hon"))
            continue
        if (
            len(w) == 1
            and w in N.SURNAMES_SINGLE
            and f not in FUNCTION_TAGS
            and i + 1 < n
            and toks[i + 1].word in T.HONORIFICS_AFTER
            and toks[i + 1].word not in ("夫人", "太太", "代表", "委员")
            and not (toks[i + 1].word == "老" and i + 2 < n and toks[i + 2].flag in ("n", "nr", "ns", "vn"))
        ):
            cands.append(Candidate(t.start, t.end, 2.5, "hon"))
            continue
        # -- surname split off its given name: 丁/文昌, 杨/纪/珂 --------------
        sur = None
        if f in FUNCTION_TAGS or f == "x":
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
            if 1 <= len(t1.word) <= 2 and all(N.is_han(c) for c in t1.word):
                opts.append((i + 2, t1.word))
            if len(t1.word) == 1 and i + 2 < n and len(toks[i + 2].word) == 1 and N.is_han(toks[i + 2].word):
                opts.append((i + 3, t1.word + toks[i + 2].word))
            for j, given in opts:
                if T.ANON_CHAR in given:
                    continue
                if any(c in N.NON_NAME_CHARS for c in given) or given in TITLE_WORDS or ends_with_title(given):
                    continue
                g = sum(N.given_char_score(c) for c in given) / len(given)
                if g <= -1.5:
                    continue
                ctx = context_score(toks, i, j, text)
                base = -0.5 + (0.7 if f == "nr" else 0.0) + 0.6 * g + (0.5 if len(given) == 2 else 0)
                titled = i > 0 and ends_with_title(toks[i - 1].word)
                if word_freq(given) > 500 and toks[i + 1].flag not in NAME_TAGS and not titled:
                    base -= 1.0
                sc = base + ctx
                if best is None or sc > best.score:
                    best = Candidate(t.start, toks[j - 1].end, sc, "cn")
            if best:
                cands.append(best)
    # -- transliterated names joined with middle dots: 理查德·赖尔登 ----------
    cands.extend(_dotted_names(toks))
    return cands


def _dot_piece(t: Token) -> bool:
    """A token that may be part of a dotted foreign name (克劳德·阿兴)."""
    w = t.word
    if w in DOTS or not all(N.is_han(c) for c in w) or w in TITLE_WORDS or ends_with_title(w):
        return False
    if N.is_translit(w, 1) or t.flag in NAME_TAGS:
        return True
    return len(w) == 1 and t.flag not in FUNCTION_TAGS


def _dotted_names(toks: list[Token]) -> list[Candidate]:
    """Transliterated names joined with middle dots (理查德·赖尔登), with the
    pieces jieba cut them into on either side of each dot."""
    cands: list[Candidate] = []
    n = len(toks)
    k = 0
    while k < n:
        if toks[k].word not in DOTS or k == 0:
            k += 1
            continue
        a = k - 1
        while a >= 0 and a > k - 4 and _dot_piece(toks[a]) and (
            N.is_translit(toks[a].word, 1) or len(toks[a].word) == 1 or (toks[a].flag in NAME_TAGS and len(toks[a].word) == 2)
        ):
            a -= 1
        a += 1
        b = k
        # chain: dot, translit tokens, dot, ...
        while b < n and toks[b].word in DOTS:
            c = b + 1
            while c < n and c - b <= 3 and _dot_piece(toks[c]):
                c += 1
            if c == b + 1:
                break
            b = c
        if a < k and b > k + 1:
            cands.append(Candidate(toks[a].start, toks[b - 1].end, 3.0, "dot"))
        k = max(b, k + 1)
    return cands
