"""Measuring the checks on annotated sentences.

A sentence file has one sentence a line. ``⟦text|rule⟧`` marks a planted
error that ``rule`` should find (``⟦text|ok⟧`` marks text that looks wrong
but is right); a line may start with context: ``[year=2022]``,
``[names=王汉平,李明]``, ``[titles=刘强:县长]``, ``[recorded=刘强:副局长]``.
The split is fixed: odd line numbers are the development part (the checks
were tuned on it), even ones the held-out part (reported).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from proofread.rules import BY_NAME, RULE_OF_FINDING
from proofread.run import Context
from proofread.wordlist import BANNED, CAUTION, Entry, WordList

_MARK = re.compile(r"⟦([^|⟧]*)\|([a-z-]+)⟧")
_CONTEXT = re.compile(r"^\[(year|names|titles|recorded)=([^\]]*)\]")

# The word list the sentences are measured with (the editors keep the real one in the admin).
TEST_WORDLIST = WordList(
    [
        Entry("老外", BANNED, "外国人"),
        Entry("最佳", BANNED, "", "绝对化用语"),
        Entry("国家级", BANNED, "", "绝对化用语"),
        Entry("残废人", BANNED, "残疾人"),
        Entry("第一品牌", BANNED, "", "绝对化用语"),
        Entry("小姐", CAUTION, "女士"),
        Entry("农民工", CAUTION, "进城务工人员"),
    ]
)


@dataclass
class Sentence:
    line: int
    text: str
    expected: list[tuple[int, int, str]]
    context: Context = field(default_factory=Context)

    @property
    def held_out(self) -> bool:
        return self.line % 2 == 0


def parse_line(number: int, raw: str) -> Sentence:
    context = {"wordlist": TEST_WORDLIST}
    while match := _CONTEXT.match(raw):
        key, value = match.groups()
        raw = raw[match.end() :]
        if key == "year":
            context["year"] = int(value)
        elif key == "names":
            context["names"] = tuple(value.split(","))
        elif key == "titles":
            context["titles"] = tuple(tuple(pair.split(":")) for pair in value.split(","))
        else:
            context["recorded"] = dict(pair.split(":") for pair in value.split(","))
    text, expected, at = [], [], 0
    for match in _MARK.finditer(raw):
        text.append(raw[at : match.start()])
        start = sum(len(part) for part in text)
        text.append(match.group(1))
        if match.group(2) != "ok":
            expected.append((start, start + len(match.group(1)), match.group(2)))
        at = match.end()
    text.append(raw[at:])
    return Sentence(number, "".join(text), expected, Context(**context))


def load(path: Path) -> list[Sentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_line(n, line) for n, line in enumerate(lines, start=1) if line.strip()]


@dataclass
class Score:
    true: int = 0
    false: int = 0
    expected: int = 0
    found_expected: int = 0
    false_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.true / (self.true + self.false) if self.true + self.false else None

    @property
    def recall(self) -> float | None:
        return self.found_expected / self.expected if self.expected else None


def score(sentences: list[Sentence], rules=None) -> dict[str, Score]:
    """Per rule: findings overlapping a planted error of that rule are true,
    the others false; recall counts the planted errors found."""
    rules = list(rules or BY_NAME)
    scores: dict[str, Score] = defaultdict(Score)
    for sentence in sentences:
        for name in rules:
            findings = BY_NAME[name].check(sentence.text, sentence.context)
            planted = [e for e in sentence.expected if RULE_OF_FINDING.get(e[2], e[2]) == name]
            scores[name].expected += len(planted)
            hit = set()
            for finding in findings:
                match = [e for e in planted if finding.start < e[1] and e[0] < finding.end]
                if match:
                    scores[name].true += 1
                    hit.update(match)
                else:
                    scores[name].false += 1
                    scores[name].false_examples.append(f"{sentence.line}: {sentence.text} → {finding}")
            scores[name].found_expected += len(hit)
    return dict(scores)
