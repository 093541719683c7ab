"""Punctuation: half-width marks in Chinese text, unbalanced pairs, doubled
marks, and a paragraph that ends without its full stop."""

from __future__ import annotations

import re

from proofread.chars import PARAGRAPH_END, is_han
from proofread.findings import Finding

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# What may stand next to a half-width mark in Chinese text and still make the
# mark Chinese punctuation: Chinese characters and Chinese closing quotes.
_CHINESE_LEFT = set("”’》」』）")
_CHINESE_RIGHT = set("“‘《「『（")


def _chinese_left(text: str, i: int) -> bool:
    return i >= 0 and (is_han(text[i]) or text[i] in _CHINESE_LEFT)


def _chinese_right(text: str, i: int) -> bool:
    return i < len(text) and (is_han(text[i]) or text[i] in _CHINESE_RIGHT)


def halfwidth_punctuation(text: str, context=None) -> list[Finding]:
    """, ; : ? ! between Chinese text, ( before and ) after it, and . after
    a Chinese character at a sentence's end. Digits (7:30, 3.5) and Latin text
    keep their marks."""
    findings = []
    for i, char in enumerate(text):
        if char not in FULL_WIDTH:
            continue
        if char in ",;":
            hit = _pause_in_chinese(text, i)
        elif char == ":":
            hit = _chinese_left(text, i - 1) and (_chinese_right(text, i + 1) or _space_then_chinese(text, i + 1))
        elif char in "?!":
            hit = _chinese_left(text, i - 1)
        elif char == "(":
            hit = _chinese_right(text, i + 1)
        elif char == ")":
            hit = _chinese_left(text, i - 1)
        else:  # "." ends a Chinese sentence only before a line end or more Chinese
            hit = is_han(text[i - 1]) if i else False
            hit = hit and (i + 1 == len(text) or text[i + 1] == "\n" or is_han(text[i + 1]))
        if hit:
            message = f"半角「{char}」，应为全角「{FULL_WIDTH[char]}」"
            findings.append(Finding(i, i + 1, "halfwidth-punctuation", message))
    return findings


def _pause_in_chinese(text: str, i: int) -> bool:
    """A comma or semicolon with Chinese on one side and no Latin letter or
    digit group around it: 30许,在 and 不息,24小时 are Chinese sentences, 1,000
    and A,B are not."""
    left = text[i - 1] if i else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    if (left.isascii() and left.isalpha()) or (right.isascii() and right.isalpha()):
        return False
    if left.isdigit() and right.isdigit():
        return False
    return _chinese_left(text, i - 1) or left == "…" or _chinese_right(text, i + 1) or _space_then_chinese(text, i + 1)


def _space_then_chinese(text: str, i: int) -> bool:
    return i < len(text) and text[i] == " " and _chinese_right(text, i + 1)


_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _paragraphs(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def unbalanced_pairs(text: str, context=None) -> list[Finding]:
    """An opening “ ‘ 《 （ without its closing mark in the same paragraph, or a
    closing one without its opening. A quotation running over several
    paragraphs opens each one and closes only in the last, as the national
    standard (GB/T 15834) prescribes, so an unclosed “ is not flagged when the
    next paragraph opens with “."""
    findings = []
    paragraphs = list(_paragraphs(text))
    for index, (offset, line) in enumerate(paragraphs):
        # (offset, opener, reported): a closing mark typed where the opening
        # one belongs is reported once and then pairs with the next closer.
        stack: list[tuple[int, str, bool]] = []
        for i, char in enumerate(line):
            if char in _PAIRS:
                stack.append((i, char, False))
            elif char in _CLOSERS:
                if char == "’" and i + 1 < len(line) and line[i + 1] in "0123456789０１２３４５６７８９":
                    continue  # an apostrophe: ’97, the year 1997
                opener = _CLOSERS[char]
                if stack and stack[-1][1] == opener:
                    stack.pop()
                elif any(entry[1] == opener for entry in stack):
                    # Crossed pairs: the marks inside were left open.
                    while stack[-1][1] != opener:
                        j, inner, reported = stack.pop()
                        if not reported:
                            findings.append(_unclosed(offset + j, inner))
                    stack.pop()
                else:
                    findings.append(
                        Finding(offset + i, offset + i + 1, "unbalanced-pairs", f"「{char}」前面缺少「{opener}」")
                    )
                    if opener in "“‘" and char in line[i + 1 :]:
                        stack.append((i, opener, True))
        following = paragraphs[index + 1][1].lstrip() if index + 1 < len(paragraphs) else ""
        for j, opener, reported in stack:
            if reported or (opener == "“" and following.startswith("“")):
                continue
            findings.append(_unclosed(offset + j, opener))
    return findings


def _unclosed(at: int, opener: str) -> Finding:
    return Finding(at, at + 1, "unbalanced-pairs", f"「{opener}」没有对应的「{_PAIRS[opener]}」")


# The same mark twice, or a pause mark next to a stop: never right in print.
# ？！ and ！！ (emphasis), …… and —— (one mark of two halves) are allowed.
_DOUBLED = re.compile(r"([，、；：。])\1|[，、；：][，、；：。]|。[，、；：]")


def doubled_punctuation(text: str, context=None) -> list[Finding]:
    return [
        Finding(m.start(), m.end(), "doubled-punctuation", f"标点重复「{m.group()}」") for m in _DOUBLED.finditer(text)
    ]


def missing_full_stop(text: str, context=None) -> list[Finding]:
    """A paragraph of running text (a long one with a sentence's pauses in it)
    that ends on a character instead of a stop. Headlines, subheads, datelines
    and bylines are short and have no stop, so short lines are left alone."""
    findings = []
    for offset, line in _paragraphs(text):
        stripped = line.rstrip()
        if len(stripped) < 30 or stripped[-1] in PARAGRAPH_END:
            continue
        if "，" not in stripped and "," not in stripped:
            continue
        if not is_han(stripped[-1]):
            continue
        end = offset + len(stripped)
        findings.append(Finding(end - 1, end, "missing-full-stop", "段末缺少句号"))
    return findings
