"""Why a file is not a page: a stable code and its parameters, worded once in
English for the command and translated where the desk shows it."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import translation

from articles.importer.file_reasons import PARTS, WORDINGS, wording
from articles.importer.page_files import PageFileError, decode_page

# Parameters as the importer gives them, one set for each code.
SAMPLES = {
    "too-large": {"size": 2_097_153, "limit": 2_097_152},
    "empty": {},
    "binary": {},
    "not-as-marked": {"encoding": "UTF-16", "offset": 6},
    "cut-off": {"line": 6},
    "undecodable": {"line": 6, "byte": 0xFF, "offset": 1234},
    "too-many-characters": {"characters": 200_004, "limit": 100_000},
    "line-too-long": {"line": 6, "characters": 5_002, "limit": 5_000},
    "too-many-lines": {"lines": 2_004, "limit": 2_000},
    "no-running-text": {"characters": 12},
    "unreadable": {"error": "Permission denied"},
    "missing": {},
    "given-twice": {},
    "given-twice-as": {"other": "sub/../page.txt"},
    "no-page-files": {"paths": "pages"},
    "not-a-folder": {},
    "not-a-zip": {},
    "zip-too-many-files": {"count": 201, "limit": 200},
    "zip-too-large": {"limit": 104_857_600},
    "not-a-text-file": {},
    "cannot-unpack": {"error": "Bad CRC-32"},
    "zip-without-pages": {},
    "part-too-long": {"position": 3, "start": "冬日朔州战疫正酣", "part": "dateline", "length": 44, "limit": 40},
}


def test_every_code_has_a_sample():
    assert set(SAMPLES) == set(WORDINGS)


@pytest.mark.parametrize("code", sorted(WORDINGS))
def test_every_reason_reads_in_chinese_with_its_parameters(code):
    english = wording(code, SAMPLES[code])
    with translation.override("zh-hans"):
        chinese = wording(code, SAMPLES[code], translation.gettext)
    assert chinese != english and re.search(r"[\u4e00-\u9fff]", chinese)
    # Both show every parameter (numbers with or without thousands' commas, the byte in hex).
    for name, value in SAMPLES[code].items():
        if name == "part":  # a word, said in each language: below
            continue
        shown = f"0x{value:02x}" if name == "byte" else str(value)
        assert shown in english.replace(",", "") and shown in chinese.replace(",", "")


def test_a_story_part_is_named_as_its_field_is_labelled():
    from articles.models import Article, Byline
    from people.models import Person

    fields = [Article._meta.get_field(name) for name in ("kicker", "headline", "subtitle", "dateline")]
    fields += [Byline._meta.get_field("credit"), Person._meta.get_field("name")]
    assert {field.name for field in fields} == set(PARTS)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for field in fields:
                params = {**SAMPLES["part-too-long"], "part": field.name}
                said = wording("part-too-long", params, translation.gettext)
                assert said.count(str(field.verbose_name)) == 2, said


def test_the_error_carries_the_code_and_parameters_and_says_them_in_english():
    data = "冬日的朔州，凉风打脸，寒气袭人。\n".encode() + b"\xff\xfe\xfd\xfc more\n"
    with pytest.raises(PageFileError) as caught:
        decode_page(data, "p.txt")
    error = caught.value
    assert (error.name, error.code, error.params) == ("p.txt", "undecodable", {"line": 2, "byte": 0xFF, "offset": 49})
    assert str(error) == "p.txt: line 2: not UTF-8 text (byte 0xff at offset 49), and not GB18030 either"


def test_an_unknown_code_is_shown_as_it_is():
    assert wording("from-a-later-version", {"x": 1}) == "from-a-later-version"


def test_the_importer_and_the_desks_upload_check_run_without_django():
    code = (
        "import sys, articles.importer.page_files, imports.uploads; "
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert ran.stdout.strip() == "False"
