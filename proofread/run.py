"""Run the checks over a text and sum up what they found."""

from __future__ import annotations

from dataclasses import dataclass, field

from proofread.findings import Finding
from proofread.rules import BY_NAME, DEFAULT_ON, RULE_OF_FINDING
from proofread.wordlist import WordList

_EMPTY = WordList()


@dataclass
class Context:
    """What the checks may know beyond the text: the editors' word list, the
    story's year (for weekdays), the people it names and their recorded titles."""

    wordlist: WordList = _EMPTY
    year: int | None = None
    names: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()
    recorded: dict[str, str] = field(default_factory=dict)


def proofread(
    text: str, context: Context | None = None, rules: frozenset[str] | set[str] = DEFAULT_ON
) -> list[Finding]:
    """Every finding of the chosen rules, in text order."""
    context = context or Context()
    findings: list[Finding] = []
    for name in rules:
        findings.extend(BY_NAME[name].check(text, context))
    return sorted(set(findings))


def counted_characters(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def errors_per_10k(text: str, findings: list[Finding]) -> float:
    """Errors per 10,000 characters, the measure the national rules for
    newspapers use (a paper fails above 3). Advice (慎用词, names and titles
    to check) is not counted."""
    chars = counted_characters(text)
    if not chars:
        return 0.0
    errors = sum(1 for f in findings if BY_NAME[RULE_OF_FINDING.get(f.rule, f.rule)].counts_as_error)
    return round(errors * 10000 / chars, 1)
