"""The project's gettext catalogue read without gettext's tools (CI has none):
the entries of a .po file, and the messages the project's own code marks for
translation, found as ``manage.py makemessages`` (xgettext) finds them."""

from __future__ import annotations

import io
import re
import tokenize
from ast import literal_eval
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation.template import templatize

# Function name -> positions of (context, singular, plural) among its
# arguments: xgettext's Python keywords plus those makemessages adds.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
EXTENSIONS = {".py", ".html", ".txt"}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?([diouxXeEfFgGcrsa%])")
_PREFIX = re.compile(r"[A-Za-z]*")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgstr: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text!r}")
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[0]), text[1:-1])


def parse_po(text: str) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry, target = Entry(), None  # target: the field a continuation line extends

    def flush():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # a previous msgid of an obsolete entry
                continue
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if target is not None and entry.msgstr:
                flush()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"a continuation line outside an entry: {raw!r}")
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and entry.msgstr:
            flush()
        entry.obsolete = entry.obsolete or obsolete
        value = _unquote(rest)
        if keyword is None:
            field_name, index = target
            if index is None:
                setattr(entry, field_name, getattr(entry, field_name) + value)
            else:
                entry.msgstr[index] += value
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, value)
            target = (keyword, None)
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            entry.msgstr.append(value)
            target = ("msgstr", len(entry.msgstr) - 1)
        else:
            raise ValueError(f"unknown .po keyword: {raw!r}")
    flush()
    return entries


def placeholders(text: str) -> list[str]:
    """The %-format directives of a message: the named ones as a sorted set
    (a translation may reorder or repeat them), then the positional ones in
    order."""
    named, positional = [], []
    for name, conversion in PLACEHOLDER.findall(text):
        if conversion == "%":
            continue
        (named if name else positional).append(f"{name}:{conversion}" if name else conversion)
    return sorted(set(named)) + positional


def _calls(source: str):
    """(keyword, args) for each call of a gettext keyword in Python-like
    source; each argument is its string value, or None when not a literal."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    ]
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS or tokens[i + 1].string != "(":
            continue
        if i and tokens[i - 1].string == "def":
            continue
        args, current, depth = [], [], 0
        for t in tokens[i + 2 :]:
            if t.type == tokenize.OP and t.string in "([{":
                depth += 1
            elif t.type == tokenize.OP and t.string in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif t.string == "," and depth == 0:
                args.append(current)
                current = []
                continue
            current.append(t)
        args.append(current)
        yield token.string, [_literal(arg) for arg in args]


def _literal(tokens) -> str | None:
    # Only plain string literals: xgettext skips f-strings, bytes and names.
    if not tokens or any(t.type != tokenize.STRING or _PREFIX.match(t.string)[0].lower().strip("ru") for t in tokens):
        return None
    return "".join(literal_eval(t.string) for t in tokens)


def messages_in(source: str) -> set[tuple[str | None, str]]:
    """The (context, msgid) pairs that xgettext extracts from Python source."""
    found = set()
    for keyword, args in _calls(source):
        context_at, singular_at, _plural = KEYWORDS[keyword]
        needed = [singular_at] + ([context_at] if context_at is not None else [])
        if len(args) <= max(needed) or any(args[n] is None for n in needed):
            continue
        found.add((args[context_at] if context_at is not None else None, args[singular_at]))
    return found


def source_files(root: Path, ignore: set[str]):
    """The files makemessages reads under ``root``: .py, .html and .txt,
    outside hidden folders and the top-level folders in ``ignore``."""
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if parts[0] in ignore or any(part.startswith(".") for part in parts) or path.name.endswith("~"):
            continue
        if path.suffix in EXTENSIONS and path.is_file():
            yield path


def project_messages(root: Path, ignore: set[str]) -> dict[tuple[str | None, str], set[str]]:
    """Every message the project's code marks for translation, with the
    files that mark it."""
    found: dict[tuple[str | None, str], set[str]] = {}
    for path in source_files(root, ignore):
        source = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            # Templatized text is calls among filler on indented lines that
            # mean nothing to Python's tokenizer.
            source = "\n".join(line.lstrip() for line in templatize(source, origin=str(path)).splitlines())
        for key in messages_in(source):
            found.setdefault(key, set()).add(str(path.relative_to(root)))
    return found
