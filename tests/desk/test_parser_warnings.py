"""The parser's warnings, stored in English, are shown translated with their page numbers."""

import re

import pytest
from django.utils import translation

from articles.importer.confidence import WARNINGS, unjoined_warnings
from articles.importer.structures import ParsedItem
from imports.parser_warnings import shown


@pytest.mark.parametrize("wording", WARNINGS)
def test_every_warning_the_parser_gives_reads_in_chinese(wording):
    warning = wording.format(page=12)
    with translation.override("zh-hans"):
        chinese = shown(warning)
    assert re.search(r"[\u4e00-\u9fff]{4}", re.sub(r"[（(]?[上下][转接][)）]?", "", chinese))
    assert not re.search(r"[A-Za-z]{2}", chinese)
    assert ("{page}" in wording) == ("12" in chinese)


def test_a_jump_warning_keeps_its_page_number():
    item = ParsedItem(kind="story", headline="标题")
    item.continued_to = 3
    [warning] = unjoined_warnings(item, edition=False)
    with translation.override("zh-hans"):
        assert shown(warning) == "下转第3版，该版未一同导入：后文缺失"
    with translation.override("en"):
        assert shown(warning) == warning


def test_a_warning_worded_otherwise_is_shown_as_stored():
    with translation.override("zh-hans"):
        assert shown("a reason an older parser gave") == "a reason an older parser gave"
