"""Uploaded files to page texts: pure Python, no Django.

An upload is one page file, several, or a zip of an edition. Each file is
checked exactly as the import command checks it (``decode_page``: size,
emptiness, binary content, encoding); a bad file is named with its reason and
the good ones go on.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from articles.importer.page_files import (
    MAX_PAGE_BYTES,
    TEXT_SUFFIXES,
    PageFileError,
    decode_page,
    gettext_noop,
    too_large,
)

# A zip of an edition holds a few dozen pages; the limits stop a zip bomb
# before it is unpacked.
MAX_ZIP_MEMBERS = 200
MAX_ZIP_BYTES = 100 * 1024 * 1024
ZIP_SUFFIXES = {".zip"}


@dataclass(frozen=True)
class GoodFile:
    name: str
    text: str
    encoding: str


@dataclass(frozen=True)
class BadFile:
    """A file refused, and why: ``reason`` in English, and as ``message`` and
    ``params`` for the desk to say in the editor's language."""

    name: str
    reason: str
    message: str = ""
    params: dict = field(default_factory=dict)


def _bad(name: str, error: PageFileError) -> BadFile:
    return BadFile(name, str(error), error.message, error.params)


def _check(name: str, data: bytes) -> GoodFile | BadFile:
    try:
        text, encoding = decode_page(data, name)
    except PageFileError as error:
        return _bad(name, error)
    return GoodFile(name, text, encoding)


def _zip_members(name: str, data: bytes) -> list[GoodFile | BadFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [_bad(name, PageFileError(gettext_noop("%(name)s: not a readable zip file"), name=name))]
    members = [info for info in archive.infolist() if not info.is_dir()]
    members = [info for info in members if not _is_system_file(info.filename)]
    if len(members) > MAX_ZIP_MEMBERS:
        too_many = gettext_noop("%(name)s: %(count)s files is too many for one edition (limit %(limit)s)")
        return [_bad(name, PageFileError(too_many, name=name, count=len(members), limit=MAX_ZIP_MEMBERS))]
    if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
        unpacked = gettext_noop("%(name)s: unpacks to more than %(limit)s bytes")
        return [_bad(name, PageFileError(unpacked, name=name, limit=f"{MAX_ZIP_BYTES:,}"))]
    results: list[GoodFile | BadFile] = []
    for info in sorted(members, key=lambda i: i.filename):
        member_name = f"{name}/{info.filename}"
        if PurePosixPath(info.filename).suffix.lower() not in TEXT_SUFFIXES:
            not_text = gettext_noop("%(name)s: not a text file (.txt) of a page")
            results.append(_bad(member_name, PageFileError(not_text, name=member_name)))
        elif info.file_size > MAX_PAGE_BYTES:
            results.append(_bad(member_name, too_large(member_name, info.file_size)))
        else:
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as error:
                broken = gettext_noop("%(name)s: cannot be unpacked (%(error)s)")
                results.append(_bad(member_name, PageFileError(broken, name=member_name, error=str(error))))
                continue
            results.append(_check(member_name, data))
    if not results:
        results.append(_bad(name, PageFileError(gettext_noop("%(name)s: the zip holds no page files"), name=name)))
    return results


def _is_system_file(filename: str) -> bool:
    parts = PurePosixPath(filename).parts
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def read_uploads(files: list[tuple[str, bytes]]) -> list[GoodFile | BadFile]:
    """Each uploaded ``(name, bytes)``, a zip unpacked in name order, checked one by one."""
    results: list[GoodFile | BadFile] = []
    for name, data in files:
        if PurePosixPath(name).suffix.lower() in ZIP_SUFFIXES:
            results.extend(_zip_members(name, data))
        else:
            results.append(_check(name, data))
    return results
