"""Proofreading checks for Chinese news text, in pure Python (no Django).

Each check is a small function ``check(text, context) -> list[Finding]`` in a
module named for what it checks; ``rules.RULES`` lists them with their names,
whether they are on by default and whether a finding blocks the sign-off;
``run.proofread`` runs the chosen ones over a text.
"""

from proofread.findings import Finding
from proofread.run import Context, proofread

__all__ = ["Context", "Finding", "proofread"]
