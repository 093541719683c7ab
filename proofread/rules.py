"""Every check, by name: whether it runs by default and whether a finding
stops the sign-off. A check is on by default only if its precision on the
held-out test sentences and the seed page is at least 95% (bench/run.py proof)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from proofread import confusions, numbers, people, punctuation, repeats, wordlist


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    check: Callable
    default_on: bool = True
    blocking: bool = False
    # Counted in the errors per 10,000 characters (a 慎用词 is advice, not an error).
    counts_as_error: bool = True


def _banned(text, context):
    return wordlist.banned_words(text, context.wordlist)


def _caution(text, context):
    return wordlist.caution_words(text, context.wordlist)


RULES = [
    Rule("banned-word", "禁用词", _banned, blocking=True),
    Rule("caution-word", "慎用词", _caution, counts_as_error=False),
    Rule("halfwidth-punctuation", "半角标点", punctuation.halfwidth_punctuation),
    Rule("unbalanced-pairs", "引号括号不配对", punctuation.unbalanced_pairs),
    Rule("doubled-punctuation", "标点重复", punctuation.doubled_punctuation),
    Rule("missing-full-stop", "段末缺句号", punctuation.missing_full_stop),
    Rule("mixed-digits", "全半角数字混用", numbers.mixed_digit_widths),
    Rule("impossible-date", "日期不存在", numbers.impossible_dates),
    Rule("weekday-mismatch", "星期与日期不符", numbers.weekday_mismatch),
    Rule("repeated-character", "字词重复", repeats.repeated_characters),
    Rule("confusion", "常见错别字", confusions.common_confusions),
    Rule("name-spelling", "人名前后不一", people.names_spelled_two_ways, counts_as_error=False),
    Rule("title-differs", "职务与记录不符", people.title_differs, counts_as_error=False),
]
BY_NAME = {rule.name: rule for rule in RULES}
# A rule reports findings under its own name, except repeated-character,
# which also reports repeated-word: both belong to it.
RULE_OF_FINDING = {**{rule.name: rule.name for rule in RULES}, "repeated-word": "repeated-character"}
DEFAULT_ON = frozenset(rule.name for rule in RULES if rule.default_on)
BLOCKING_DEFAULT = frozenset(rule.name for rule in RULES if rule.blocking)
