"""An upload's pages parsed as one edition, so a story continued on another
page (下转第二版 / 上接第一版) is joined into the story it continues: pure
Python, no Django.

The importer's :func:`parse_edition` does the joining; this module fits its
result to the desk's pages. Each page's parse is kept as JSON (imports/parsed.py):
a joined story stays in the document of the page where it starts, its spans
from another page carry that page's number (the desk's number, which the
editor may have changed from the header's), and the page the continuation was
printed on records where its text went (``joined_away``), so both previews
can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.importer.edition import EditionError, EditionFile, parse_edition
from articles.importer.parse import PageParseError, parse_page
from imports.parsed import page_to_json


@dataclass
class EditionParse:
    documents: dict[int, dict] = field(default_factory=dict)  # desk page number → parse as JSON
    errors: dict[int, str] = field(default_factory=dict)  # desk page number → why it did not parse
    # desk page number → the exception the parser failed with on it (a fault of
    # the parser, not of the page): kept whole, traceback and all, for the log.
    crashes: dict[int, Exception] = field(default_factory=dict)
    # The parser failed joining pages that each parse alone: they were parsed one by one.
    join_crash: Exception | None = None
    # Why the pages were parsed one by one, when they were: the desk's numbers
    # of the pages printing the same page number, and that number; else the
    # importer's reason, in English.
    same_page: tuple[list[int], int] | None = None
    note: str = ""


def _file_name(number: int) -> str:
    return f"page-{number}.txt"


def parse_pages(texts: dict[int, str]) -> EditionParse:
    """Every page of ``texts`` (desk page number → source text), joined as one edition.

    A page that does not parse (or that the parser fails on) is reported and
    left out, and the rest are still joined; files that cannot be one edition (two claim the same page
    in their header) are parsed one by one, and ``note`` says why."""
    result = EditionParse()
    good = dict(texts)
    while len(good) > 1:
        try:
            edition = parse_edition([EditionFile(_file_name(n), text) for n, text in good.items()])
        except EditionError as error:
            desk_number = {_file_name(n): n for n in good}
            if error.page is not None and all(name in desk_number for name in error.names):
                result.same_page = ([desk_number[name] for name in error.names], error.page)
            else:
                result.note = str(error)
            break
        except Exception as error:  # PageParseError, or the parser failing on some page
            # Which page it was is found only now, so a good edition is parsed once.
            alone = {number: _parse_alone(text) for number, text in good.items()}
            failed = {number: outcome for number, outcome in alone.items() if isinstance(outcome, Exception)}
            if not failed:
                result.join_crash = error
                break
            for number, outcome in failed.items():
                _record_failure(result, number, outcome)
                good.pop(number)
            continue
        desk_number = {_file_name(n): n for n in good}
        renumber = {page.number: desk_number[page.name] for page in edition.pages}
        for page in edition.pages:
            document = page_to_json(page.page)
            _renumber(document, renumber)
            result.documents[desk_number[page.name]] = document
        _mark_joined_away(result.documents)
        return result
    for number, text in good.items():
        outcome = _parse_alone(text)
        if isinstance(outcome, Exception):
            _record_failure(result, number, outcome)
        else:
            result.documents[number] = page_to_json(outcome)
    return result


def _parse_alone(text: str):
    """The page parsed on its own, or the exception parsing it raised."""
    try:
        return parse_page(text)
    except Exception as error:  # a parser fault on one page must not stop the others
        return error


def _record_failure(result: EditionParse, number: int, error: Exception) -> None:
    if isinstance(error, PageParseError):
        result.errors[number] = str(error)
    else:
        result.crashes[number] = error


def _renumber(value, numbers: dict[int, int]) -> None:
    """Page numbers in spans and joins from the edition's numbering to the desk's."""
    if isinstance(value, dict):
        if isinstance(value.get("page"), int):
            value["page"] = numbers.get(value["page"], value["page"])
        for key in ("continued_to", "continued_from"):
            if isinstance(value.get(key), int):
                value[key] = numbers.get(value[key], value[key])
        for inner in value.values():
            _renumber(inner, numbers)
    elif isinstance(value, list):
        for inner in value:
            _renumber(inner, numbers)


def foreign_spans(item: dict) -> list[dict]:
    """The spans of an item that stand on another page than the one it is kept with."""
    spans = [s for key_spans in (item.get("spans") or {}).values() for s in key_spans]
    spans += [s for block in item.get("blocks", []) for s in block.get("spans") or []]
    return [s for s in spans if isinstance(s, dict) and s.get("page") is not None]


def page_joins(item: dict) -> list[dict]:
    """The item's joins across pages, with their confidence and reasons."""
    return [j for j in item.get("joins") or [] if isinstance(j, dict) and j.get("kind") == "page"]


def _mark_joined_away(documents: dict[int, dict]) -> None:
    for document in documents.values():
        document["joined_away"] = []
    for number, document in sorted(documents.items()):
        for item in document.get("items", []):
            by_page: dict[int, list[dict]] = {}
            for span in foreign_spans(item):
                by_page.setdefault(span["page"], []).append({"start": span["start"], "end": span["end"]})
            for page, spans in by_page.items():
                join = next((j for j in page_joins(item) if j.get("page") == page), {})
                documents[page]["joined_away"].append(
                    {
                        "page": number,
                        "headline": item.get("headline", ""),
                        "spans": spans,
                        "confidence": join.get("confidence"),
                        "reasons": list(join.get("reasons") or []),
                    }
                )


def joined_pages(document: dict) -> set[int]:
    """The other pages a page's stories took text from, or gave text to."""
    found = {s["page"] for item in document.get("items", []) for s in foreign_spans(item)}
    return found | {entry["page"] for entry in document.get("joined_away") or []}


def join_groups(documents: dict[int, dict], numbers: list[int]) -> list[list[int]]:
    """``numbers`` in groups that must be saved together (linked by joined stories), in page order."""
    wanted = set(numbers)
    groups: list[list[int]] = []
    seen: set[int] = set()
    for number in sorted(wanted):
        if number in seen:
            continue
        group, todo = set(), [number]
        while todo:
            current = todo.pop()
            if current in group:
                continue
            group.add(current)
            todo += [n for n in joined_pages(documents.get(current) or {}) if n in wanted and n not in group]
        seen |= group
        groups.append(sorted(group))
    return groups
