"""What a check reports: a span of the text, the rule that found it, and why."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
BLOCKING = "blocking"


@dataclass(frozen=True, order=True)
class Finding:
    """``text[start:end]`` is what the rule points at (Python slice offsets)."""

    start: int
    end: int
    rule: str
    message: str
    severity: str = ERROR

    def as_list(self) -> list:
        return [self.start, self.end, self.rule, self.message]
