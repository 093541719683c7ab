"""The README read as its commands and its code spans, for the tests that keep
it true."""

import re

from tests.processes import ROOT

README = ROOT / "README.md"
_SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
_ANY_BLOCK = re.compile(r"```.*?```", re.S)


def readme_text():
    return README.read_text(encoding="utf-8")


def readme_commands(section):
    """The lines of the ``sh`` blocks under the README heading ``section``,
    without their comments."""
    body = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## )", readme_text(), re.S | re.M)
    assert body, f"README has no section {section!r}"
    return _command_lines(body.group(1))


def shell_lines():
    """Every command line of the README's ``sh`` blocks, without comments."""
    return _command_lines(readme_text())


def inline_spans():
    """Every `code span` outside the code blocks, its line breaks read as
    spaces (a span may wrap)."""
    prose = _ANY_BLOCK.sub("", readme_text())
    return [re.sub(r"\s+", " ", span).strip() for span in re.findall(r"`([^`]+)`", prose)]


def _command_lines(text):
    blocks = _SH_BLOCK.findall(text)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]
