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
            stream = sys.stdin if source == "-" else open(source, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{source}: cannot be read ({error.strerror or error})") from None
        name = "standard input" if source == "-" else source
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                text = self._text(line, name, number)
                persons = [[p.start, p.end, p.name, p.title] for p in find_persons(text, known_names=known)]
                self.stdout.write(json.dumps({"persons": persons}, ensure_ascii=False))

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
