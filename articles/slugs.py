"""Readable, typeable URL slugs for Chinese text.

Headlines and names become pinyin (冲在“疫”线的政协人 → chong-zai-yi-xian-de-zheng-xie-ren)
so that URLs can be typed, read aloud and shared without percent-encoding.
"""

import re

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

_NON_WORD = re.compile(r"[^a-z0-9]+")


def pinyin_slug(text: str, max_length: int = 80) -> str:
    """Pinyin, lower case, hyphen-separated; Latin letters and digits kept.

    Cut at a hyphen boundary at or below ``max_length``. Empty when the text
    has nothing readable (e.g. only punctuation).
    """
    syllables = lazy_pinyin(text or "", style=Style.NORMAL, errors=lambda chars: [slugify(chars)])
    slug = _NON_WORD.sub("-", "-".join(s.lower() for s in syllables)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def unique_slug(queryset, text: str, fallback: str, max_length: int = 80, exclude_pk=None, former=None) -> str:
    """A pinyin slug for ``text`` not yet used in ``queryset`` (suffix -2, -3…)
    nor in ``former``, a queryset of addresses that redirect elsewhere: handing
    one out would make every link already shared open someone else's page."""
    base = pinyin_slug(text, max_length=max_length - 4) or fallback
    taken = queryset
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.filter(slug__startswith=base).values_list("slug", flat=True))
    if former is not None:
        used.update(former.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
