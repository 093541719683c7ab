"""Characters and words written twice where doubling is never Chinese:
的的, 了了, 我们我们. Idioms that double them legitimately (的的确确, 不了了之,
是是非非, 和和美美) are listed and skipped."""

from __future__ import annotations

import re

from proofread.findings import Finding

# Function characters that Chinese does not reduplicate.
# Many more look like typos when doubled but are a word's end meeting the next
# word's start (派出所所长, 现在在家, 温和和善, 一把把, 参与与否), so only these.
_CHARS = "的了是之而也"
# Phrases where the doubled character is right; the checks skip a pair inside them.
_ALLOWED = (
    "的的确",
    "目的的",
    "标的的",
    "的的士",
    "不了了之",
    "小时了了",
    "了了解",
    "了了结",
    "了了却",
    "是是非非",
    "是是否",
)
# Words (two or more characters) that are never said twice in a row.
_WORDS = (
    "我们",
    "他们",
    "她们",
    "进行",
    "已经",
    "正在",
    "通过",
    "因为",
    "所以",
    "但是",
    "以及",
    "并且",
    "作为",
    "对于",
    "关于",
    "根据",
    "按照",
    "为了",
    "这个",
    "那个",
    "如果",
    "虽然",
    "同时",
    "目前",
    "表示",
    "今年",
    "工作人员",
    "疫情防控",
    "要求",
    "全市",
    "积极",
    "认真",
)
_REPEATED_CHAR = re.compile(rf"([{_CHARS}])\1")
_REPEATED_WORD = re.compile("(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\1")


def _allowed(text: str, start: int) -> bool:
    for phrase in _ALLOWED:
        # Does ``phrase`` occur in the text covering the doubled pair at ``start``?
        for offset in range(len(phrase) - 1):
            begin = start - offset
            if begin >= 0 and text.startswith(phrase, begin):
                return True
    return False


def repeated_characters(text: str, context=None) -> list[Finding]:
    findings = []
    for m in _REPEATED_CHAR.finditer(text):
        if _allowed(text, m.start()):
            continue
        findings.append(Finding(m.start() + 1, m.end(), "repeated-character", f"「{m.group(1)}」重复"))
    for m in _REPEATED_WORD.finditer(text):
        word = m.group(1)
        findings.append(Finding(m.start() + len(word), m.end(), "repeated-word", f"「{word}」重复"))
    return findings
