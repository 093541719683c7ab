"""Reading print-page text files: bytes in, text out, or a clear reason why not.

Pure functions: no Django. The importer refuses a file rather than guess, and
says which file and, where it helps, which line.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .file_reasons import wording

# A whole printed page is 5,000-30,000 characters; a file a hundred times
# larger is not a page (a PDF dumped whole, a log, a mistake).
MAX_PAGE_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
# What a printed page can hold.  The longest paragraph of a broadsheet story
# runs to a couple of thousand characters; a line fifty times longer than the
# seed page's longest is a file whose line ends were lost, not a paragraph.
# A page holds 5,000-30,000 characters in a few hundred lines.  These bounds
# also bound the parser's time and memory (it is at worst quadratic in the
# fragments of one page), so nothing within them takes more than seconds.
MAX_LINE_CHARS = 5_000
MAX_PAGE_CHARS = 100_000
MAX_PAGE_LINES = 2_000
# A line of running text: at least this many characters with a sentence or
# clause mark inside it.  Every story has one; a page without any is a list of
# headlines, an index or a table, and would import as stories with no body.
RUNNING_TEXT_CHARS = 12
_CLAUSE_MARK = re.compile(r"[。，,；;！？!?：:…]")
_LINE_END = re.compile(r"\r\n|\r|\n")
# A vertical tab (a manual line break in a typesetting or word-processing
# program) and a form feed (a page or column break) end a line as far as the
# page's text goes. Other C0 controls carry no text at all. Neither can stay:
# XML 1.0 cannot write them, and a headline holding one broke every feed.
_LINE_BREAK_CONTROLS = re.compile(r"[\x0b\x0c]")
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


class PageFileError(ValueError):
    """A file that cannot be imported as a page: its name, the reason's code
    and parameters (``file_reasons``); the message is the English wording after
    the file's name."""

    def __init__(self, name: str, code: str, **params):
        self.name, self.code, self.params = name, code, params
        reason = wording(code, params)
        super().__init__(f"{name}: {reason}" if name else reason)


@dataclass(frozen=True)
class PageFile:
    path: Path
    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = sum(1 for b in data[:8192] if b < 0x20 and b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D))
    return controls > len(data[:8192]) * 0.01


def _mostly_readable(text: str) -> bool:
    """GB18030 decodes almost any byte soup; real Chinese text is mostly
    letters, CJK and punctuation, so anything else was a wrong guess."""
    if not text:
        return False
    readable = sum(1 for ch in text if ch.isspace() or unicodedata.category(ch)[0] in "LNPS")
    unusual = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    return readable / len(text) > 0.97 and unusual == 0


def _without_controls(text: str) -> str:
    return _STRAY_CONTROLS.sub("", _LINE_BREAK_CONTROLS.sub("\n", text))


# "Unicode" as Windows programs save it (Notepad, Word's plain text) is UTF-16
# with a byte-order mark; its NUL bytes are not a binary file's. UTF-32's marks
# come first: its little-endian one begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


# UTF-16 saved without a byte-order mark (some OCR and export tools write it
# so) has NUL bytes too: the high byte of every line end, space and ASCII
# digit, and the low byte of the few characters U+xx00 (一 is U+4E00). Read
# in its byte order, a page is all page characters; in the other order its
# line ends read as U+0A00, and a binary file reads as neither: its small
# integers (lengths, flags, versions) read as NULs and control characters,
# its other bytes as characters from all over Unicode.
UTF16_PAGE_SHARE = 0.95
_PAGE_CHAR_RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1 signs: · × °
    (0x2000, 0x27BF),  # punctuation “”…—, numbers ①, arrows, shapes ○■, symbols ★
    (0x3000, 0x303F),  # CJK punctuation 、。《》 and 〇
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK
    (0xF900, 0xFAFF),  # CJK compatibility
    (0xFE30, 0xFE4F),  # vertical and small forms
    (0xFF00, 0xFFEF),  # full-width forms
)


def _page_char(ch: str) -> bool:
    code = ord(ch)
    return ch in "\t\n\r\x0b\x0c" or any(low <= code <= high for low, high in _PAGE_CHAR_RANGES)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` (with NUL bytes) is page
    text in it without a byte-order mark, else None: it decodes strictly, holds
    no control character, and nearly all of it is page characters, more so
    than in the other byte order (ties go to the order whose high bytes hold
    the NULs, as ASCII's do)."""
    if len(data) % 2:
        return None
    high_nuls = {"utf-16-le": data[1::2].count(0), "utf-16-be": data[0::2].count(0)}
    best, best_share = None, 0.0
    for encoding in sorted(high_nuls, key=high_nuls.get, reverse=True):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # a lone surrogate: not text
            continue
        if _STRAY_CONTROLS.search(text):
            continue
        share = sum(map(_page_char, text)) / len(text)
        if share >= UTF16_PAGE_SHARE and share > best_share:
            best, best_share = encoding, share
    return best


def _page_text(text: str, name: str) -> str:
    """Decoded text as the importer takes it, or the reason it is no page."""
    text = _without_controls(text)
    if not text.strip():  # nothing but a byte-order mark and blanks
        raise PageFileError(name, "empty")
    check_page_text(text, name)
    return text


def _decode_marked(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)  # the codec reads the byte-order mark and drops it
    except UnicodeDecodeError as error:
        raise PageFileError(name, "not-as-marked", encoding=encoding.upper(), offset=error.start) from None
    if text.strip() and not _mostly_readable(text):
        raise PageFileError(name, "binary")
    return _page_text(text, name)


def decode_page(data: bytes, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (a BOM allowed), else GB18030; UTF-16 or
    UTF-32 when a byte-order mark says so; UTF-16 without one when its NUL bytes
    and its text say so.

    Raises PageFileError for empty, binary, truncated or undecodable input.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise PageFileError(name, "too-large", size=len(data), limit=MAX_PAGE_BYTES)
    if not data.strip():
        raise PageFileError(name, "empty")
    if marked := _bom_encoding(data):
        return _decode_marked(data, name, marked), marked
    if b"\x00" in data and (unmarked := _utf16_without_bom(data)):
        return _page_text(data.decode(unmarked), name), unmarked
    if _looks_binary(data):
        raise PageFileError(name, "binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    else:
        return _page_text(text, name), "utf-8"
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        raise PageFileError(name, "cut-off", line=_line_of(data, utf8_error.start))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_readable(text):
        return _page_text(text, name), "gb18030"
    raise PageFileError(
        name,
        "undecodable",
        line=_line_of(data, utf8_error.start),
        byte=data[utf8_error.start],
        offset=utf8_error.start,
    )


def _is_running_text(line: str) -> bool:
    """A line with a clause or sentence mark inside it and enough text around it."""
    n = sum(1 for ch in line if not ch.isspace())
    return n >= RUNNING_TEXT_CHARS and bool(_CLAUSE_MARK.search(line.rstrip()[:-1]))


def check_page_text(text: str, name: str) -> None:
    """Refuse text no printed page has, naming the file and, for a line, its number.

    Shared by every way a page comes in (the command, the admin import desk):
    a single line longer than any paragraph, more characters or lines than a
    page holds, or no line of running text at all.  Cheap: one pass.
    """
    chars = len(text)
    if chars > MAX_PAGE_CHARS:
        raise PageFileError(name, "too-many-characters", characters=chars, limit=MAX_PAGE_CHARS)
    count = 0
    running = False
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if not line.strip():
            continue
        count += 1
        if len(line) > MAX_LINE_CHARS:
            raise PageFileError(name, "line-too-long", line=number, characters=len(line), limit=MAX_LINE_CHARS)
        running = running or _is_running_text(line)
    if count > MAX_PAGE_LINES:
        raise PageFileError(name, "too-many-lines", lines=count, limit=MAX_PAGE_LINES)
    if not running:
        raise PageFileError(name, "no-running-text", characters=RUNNING_TEXT_CHARS)


def read_page_file(path: Path) -> PageFile:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageFileError(str(path), "too-large", size=size, limit=MAX_PAGE_BYTES)
        data = path.read_bytes()
    except OSError as error:
        raise PageFileError(str(path), "unreadable", error=str(error.strerror or error)) from None
    text, encoding = decode_page(data, str(path))
    return PageFile(path=path, text=text, encoding=encoding)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the text files in folders given, sorted by name."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise PageFileError(str(path), "missing")
    if not found:
        raise PageFileError("", "no-page-files", paths=", ".join(str(p) for p in paths))
    seen = {}
    for path in found:
        # One file given twice (by name and again in its folder) would be imported as two pages.
        if (earlier := seen.setdefault(path.resolve(), path)) is not path:
            if str(earlier) == str(path):
                raise PageFileError(str(path), "given-twice")
            raise PageFileError(str(path), "given-twice-as", other=str(earlier))
    return found
