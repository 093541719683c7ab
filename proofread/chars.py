"""Character classes the checks share."""

from __future__ import annotations


def is_han(char: str) -> bool:
    """A Chinese character (the CJK unified ideograph blocks the press uses)."""
    if not char:
        return False
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF or 0xF900 <= code <= 0xFAFF
    )


FULLWIDTH_DIGITS = "０１２３４５６７８９"
HALFWIDTH_DIGITS = "0123456789"
# Marks that may end a paragraph, closing quotes and brackets included.
PARAGRAPH_END = set("。！？…”’』」）)》—.!?：:；;")
