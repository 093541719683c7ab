"""Text that XML 1.0 can hold: feeds, sitemaps and anything else written as XML.

Digitized print pages carry form feeds and vertical tabs (a page break, a
manual line break in the typesetting program), and an editor can paste them
into the admin. XML 1.0 has no way to write them, escaped or not: Django's
feed generator refuses the whole feed and a template writes a document no
parser reads. So every text headed for XML passes through ``xml_safe``, and
the models strip them when a story or person is saved.
"""

from __future__ import annotations

import re

# What XML 1.0's Char production leaves out: the C0 controls but tab, line
# feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
_FORBIDDEN_RUN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def _replacement(match: re.Match) -> str:
    # A page break between two words of Latin text stood for a space; inside
    # Chinese, or next to a space already there, it stood for nothing (Chinese
    # never puts a space inside a phrase).
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after or before.isspace() or after.isspace():
        return ""
    if _CJK.match(before) or _CJK.match(after):
        return ""
    return " "


def xml_safe(value: str | None) -> str:
    """``value`` without the characters XML 1.0 cannot hold ("" for None)."""
    if not value:
        return value or ""
    return _FORBIDDEN_RUN.sub(_replacement, value)
