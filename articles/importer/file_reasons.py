"""Why a file is not a page: each reason a stable code with its parameters,
and its wording, said once here.

Pure Python, no Django. The importer refuses files with a code and the
numbers or names the reason needs; the import command prints the English
wording below, and the import desk shows the same wording translated
(``imports/refusals.py``), so the desk's Chinese message holds no English.
The codes are stored with an upload's refused files: keep them stable.
"""

from __future__ import annotations

from .translatable import gettext_noop, worded

# code → wording (str.format: the parameters by name, ``:,`` groups thousands)
WORDINGS: dict[str, str] = {
    "too-large": gettext_noop("{size:,} bytes is too large for one page (limit {limit:,} bytes)"),
    "empty": gettext_noop("the file is empty"),
    "binary": gettext_noop("this is a binary file, not the text of a page"),
    "not-as-marked": gettext_noop("the file begins as {encoding} text but is not (byte {offset})"),
    "cut-off": gettext_noop(
        "line {line}: the file ends in the middle of a character (it was probably cut off while copying)"
    ),
    "undecodable": gettext_noop(
        "line {line}: not UTF-8 text (byte 0x{byte:02x} at offset {offset}), and not GB18030 either"
    ),
    "too-many-characters": gettext_noop(
        "{characters:,} characters is more than one page holds (limit {limit:,}); split the file into its pages"
    ),
    "line-too-long": gettext_noop(
        "line {line}: {characters:,} characters on one line is longer than any printed paragraph "
        "(limit {limit:,}); were the file's line ends lost?"
    ),
    "too-many-lines": gettext_noop(
        "{lines:,} lines is more than one page holds (limit {limit:,}); split the file into its pages"
    ),
    "no-running-text": gettext_noop(
        "no line of running text (a sentence of {characters} characters or more with punctuation inside it); "
        "a list of headlines or a table is not a page of stories"
    ),
    "unreadable": gettext_noop("cannot be read ({error})"),
    "missing": gettext_noop("no such file or folder"),
    "given-twice": gettext_noop("the same file is given twice; each page file is one page"),
    "given-twice-as": gettext_noop("the same file is given twice (also as {other}); each page file is one page"),
    "no-page-files": gettext_noop("no page files found in {paths}"),
    "not-a-folder": gettext_noop("--edition takes a folder holding the pages of one edition"),
    "not-a-zip": gettext_noop("not a readable zip file"),
    "zip-too-many-files": gettext_noop("{count:,} files is too many for one edition (limit {limit:,})"),
    "zip-too-large": gettext_noop("unpacks to more than {limit:,} bytes"),
    "not-a-text-file": gettext_noop("not a text file (.txt) of a page"),
    "cannot-unpack": gettext_noop("cannot be unpacked ({error})"),
    "zip-without-pages": gettext_noop("the zip holds no page files"),
    # A page read, but a story part of it longer than its field holds ({part}: a key of PARTS).
    "part-too-long": gettext_noop(
        "story {position} on the page ({start}…): its {part} is {length} characters, more than the {limit} "
        "it can hold. That text is probably not a {part}: correct the page's text and import it again."
    ),
}

# The story parts a reason can name (by their fields' names), worded as the
# fields' labels are (their verbose names) so the desk says them alike.
PARTS: dict[str, str] = {
    "kicker": gettext_noop("kicker"),
    "headline": gettext_noop("headline"),
    "subtitle": gettext_noop("subtitle"),
    "dateline": gettext_noop("dateline"),
    "credit": gettext_noop("credit text"),
    "name": gettext_noop("name"),
}


def wording(code: str, params: dict, translate=lambda message: message) -> str:
    """The reason in words: English, or through ``translate`` (a gettext)."""
    if "part" in params:
        params = {**params, "part": translate(PARTS.get(params["part"], params["part"]))}
    return worded(WORDINGS, code, params, translate)
