"""The parser's warnings in the language of the one looking.

A page's parse is stored (and printed by ``import_print_page --json``) with
the warnings in English, as the parser words them
(``articles.importer.confidence.WARNINGS``); the desk translates each when it
shows it, page numbers kept. A warning worded otherwise (stored by an older
parser) is shown as it is.
"""

import re
from functools import cache

from django.utils.translation import gettext

from articles.importer.confidence import WARNINGS


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for wording in WARNINGS:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>\\d+)", re.escape(wording))
        patterns.append((re.compile(pattern), wording))
    return patterns


def shown(warning: str) -> str:
    for pattern, wording in _patterns():
        if found := pattern.fullmatch(warning):
            return gettext(wording).format(**found.groupdict())
    return warning
