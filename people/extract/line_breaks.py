"""Undo the line breaks the page layout puts inside a sentence.

Page text is broken where the printed column ended (朔城分局北\n\n城派出所),
which splits names and titles.  A break is glued only after a long line (a
paragraph, not a heading or byline) whose last character is Chinese and not a
sentence end, before a Chinese character.  The offsets map each character of
the joined text back to the original, so mentions keep their true positions.
"""

from __future__ import annotations

from .. import names

_TERMINAL = set("。！？!?；;：:”’」』)）…")


def join_broken_lines(text: str) -> tuple[str, list[int]]:
    """Undo line breaks that cut a sentence in two (page layout: 朔城分局北\n\n城派出所).

    Returns the joined text and, for each of its characters, the offset in ``text``."""
    out: list[str] = []
    offs: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            j = i
            while j < n and text[j] in "\n \t\u3000\r":
                j += 1
            prev = out[-1] if out else ""
            line_start = text.rfind("\n", 0, i) + 1
            long_line = i - line_start >= 20  # a paragraph cut by the layout, not a heading/byline
            if long_line and prev and prev not in _TERMINAL and names.is_han(prev) and j < n and names.is_han(text[j]):
                i = j  # glue the two halves of the sentence
                continue
        out.append(ch)
        offs.append(i)
        i += 1
    offs.append(n)
    return "".join(out), offs
