"""Run the default proofreading checks over texts, for scripts.

    manage.py proofread FILE.jsonl      # or - for stdin
    {"text": "…"} per line in; {"findings": [[start, end, rule, message], …]} per line out

Offsets are Python slices into that text. The word list is the editors' one
in the database. Every line is read and checked before anything is printed,
so a bad line is a clear error and no partial output.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from proofread import Context, proofread
from proofread.rules import DEFAULT_ON
from review.proofing import wordlist


class Command(BaseCommand):
    help = "Proofread the `text` of each JSON line of FILE (or - for stdin) and print the findings, one line each."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.jsonl")

    def handle(self, *args, path, **options):
        texts = [self._text(number, line) for number, line in enumerate(self._lines(path), start=1) if line.strip()]
        context = Context(wordlist=wordlist())
        for text in texts:
            findings = proofread(text, context, DEFAULT_ON)
            self.stdout.write(json.dumps({"findings": [f.as_list() for f in findings]}, ensure_ascii=False))

    def _lines(self, path):
        if path == "-":
            return sys.stdin.read().splitlines()
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().splitlines()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None

    def _text(self, number, line):
        try:
            value = json.loads(line)
        except ValueError:
            raise CommandError(f"line {number}: not JSON") from None
        if not isinstance(value, dict) or not isinstance(value.get("text"), str):
            raise CommandError(f'line {number}: needs a "text" field with a string')
        return value["text"]
