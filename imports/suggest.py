"""Which of several same-name people a mention most likely means: pure Python.

张伟 the police officer is not 张伟 the teacher. A mention's title and its
story's department are compared with what is known of each candidate: the
titles other stories gave them, their description, and the departments of
the stories they appeared in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Title words this short say little on their own (局, 长): compared as runs of two or more characters.
_MIN_RUN = 2


@dataclass
class Candidate:
    person_id: int
    name: str
    description: str = ""
    titles: list[str] = field(default_factory=list)
    departments: set[int] = field(default_factory=set)


def _pairs(text: str) -> set[str]:
    return {text[i : i + _MIN_RUN] for i in range(len(text) - _MIN_RUN + 1)}


def title_likeness(title: str, known: list[str]) -> float:
    """0-1: how much of ``title`` (as character pairs) the best known title shares."""
    wanted = _pairs(title)
    if not wanted:
        return 0.0
    return max((len(wanted & _pairs(other)) / len(wanted) for other in known if other), default=0.0)


def score(candidate: Candidate, title: str, department_id: int | None) -> float:
    likeness = title_likeness(title, [*candidate.titles, candidate.description])
    same_department = 0.5 if department_id is not None and department_id in candidate.departments else 0.0
    return likeness + same_department


def suggest(candidates: list[Candidate], title: str, department_id: int | None, current_id: int) -> Candidate | None:
    """The likeliest other person of the same name, if any evidence points to one."""
    scored = sorted(
        ((score(c, title, department_id), c.person_id, c) for c in candidates if c.person_id != current_id),
        key=lambda entry: (-entry[0], entry[1]),
    )
    if not scored or scored[0][0] <= 0:
        return None
    return scored[0][2]
