"""Person names and titles in JSON lines: ``{"text": …}`` in, ``{"persons": […]}`` out."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from people.extract import find_persons


class Command(BaseCommand):
    help = (
        "Read JSON lines with a 'text' field (a file, or - for standard input) and write one line per input: "
        '{"persons": [[start, end, name, title], ...]} with offsets as Python slices into the text. '
        "People already in the database (names and aliases) help recognise names."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="FILE.jsonl", help="input file, or - for standard input")
        parser.add_argument("--no-db", action="store_true", help="do not use the people already in the database")

    def handle(self, *args, source, no_db, **options):
        known = [] if no_db else self._known_names()
        try:
            # Bytes, decoded line by line, so that a line that is not UTF-8 is named.
            stream = getattr(sys.stdin, "buffer", sys.stdin) if source == "-" else open(source, "rb")
        except OSError as error:
            raise CommandError(f"{source}: cannot be read ({error.strerror or error})") from None
        name = "standard input" if source == "-" else source
        with stream:
            for number, raw in enumerate(stream, start=1):
                line = self._decode(raw, name, number)
                if not line.strip():
                    continue
                text = self._text(line, name, number)
                persons = [[p.start, p.end, p.name, p.title] for p in find_persons(text, known_names=known)]
                self.stdout.write(json.dumps({"persons": persons}, ensure_ascii=False))

    def _decode(self, raw, name, number):
        # Windows editors save UTF-8 with a byte-order mark at the start of the file.
        if isinstance(raw, str):
            return raw.removeprefix("\ufeff") if number == 1 else raw
        try:
            return raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name}: line {number}: not UTF-8 text (byte 0x{raw[error.start]:02x} at byte {error.start + 1} "
                "of the line); save the file as UTF-8"
            ) from None

    def _text(self, line, name, number):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{name}: line {number}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise CommandError(f"{name}: line {number}: expected an object with a string 'text' field")
        return record["text"]

    def _known_names(self):
        from people.models import Alias, Person

        try:
            return list(Person.objects.values_list("name", flat=True)) + list(
                Alias.objects.values_list("name", flat=True)
            )
        except DatabaseError as error:
            raise CommandError(
                f"cannot read known people from the database ({error}); migrate, or pass --no-db"
            ) from error
