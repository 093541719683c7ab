"""Forms that point at a person without being their name, so never persons.

Anonymised names (孙某, 王某某) are withheld on purpose; familiar and kinship
address forms (老王, 小张, 李哥, 王姐, 王大妈) do not say who is meant.  Neither
may become a person, so the veto applies both when candidates are selected
and when a name found once is looked for again elsewhere in the text.
"""

from __future__ import annotations

from .. import names
from .. import titles as terms


def is_address_form(text: str, s: int, e: int) -> bool:
    """老王 小张 李哥 王姐 孙某 王某某 赵家女(儿)."""
    name = text[s:e]
    if terms.ANON_CHAR in name:
        return True
    if e < len(text) and text[e] == terms.ANON_CHAR:
        return True
    if e - s == 2 and name[0] in names.SURNAMES_SINGLE and name[1] in terms.KINSHIP_AFTER:
        return True  # 李哥 王姐
    if (
        e - s == 2
        and name[0] in terms.FAMILIAR_BEFORE
        and name[1] in names.SURNAMES_SINGLE
        and text[e : e + 2] != "同志"
    ):
        return True  # 老王 小张 (but "小平同志" is a formal reference to a person)
    if e - s == 3 and name[0] in names.SURNAMES_SINGLE and name[1:] in terms.KINSHIP_WORDS:
        return True  # 王大妈 李大哥 张阿姨
    if (
        len(name) >= 2
        and name[0] in names.SURNAMES_SINGLE
        and name[1] == "家"
        and text[s + 2 : s + 4] in terms.FAMILY_MEMBERS
    ):
        return True  # 赵家女儿 王家老二: a family's member, not a name
    if e - s == 1:
        if e < len(text) and text[e] in terms.KINSHIP_AFTER and (e + 1 >= len(text) or text[e + 1] not in "子女"):
            return True
        if s > 0 and text[s - 1] in terms.FAMILIAR_BEFORE:
            return True
    return False
