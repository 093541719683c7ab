"""When the importer itself fails on a page: editors read, in their language,
that the page could not be parsed and nothing was written; engineers find the
exception in the log with the page it failed on; the uploaded text stays."""

import logging

import pytest
from django.utils import translation

from articles.importer import edition as importer_edition
from articles.models import Article, PrintPage
from imports import edition, processing
from imports.models import ImportBatch, ImportPage
from tests.desk.edition_pages import PAGE_ONE, PAGE_TWO
from tests.desk.test_preview import SMALL_PAGE, imported

pytestmark = pytest.mark.django_db
FAULT = "list index out of range at secret/parser/internals.py"
CHINESE = "本版无法解析"


def _fail_on(text, real):
    def parse(page_text, *args, **kwargs):
        if page_text == text:
            raise IndexError(FAULT)
        return real(page_text, *args, **kwargs)

    return parse


def _assert_reported(page, caplog):
    page.refresh_from_db()
    assert page.status == ImportPage.Status.FAILED
    assert CHINESE in page.error and "未写入任何内容" in page.error
    assert FAULT not in page.error and "IndexError" not in page.error and "Internal error" not in page.error
    record = next(r for r in caplog.records if r.name == "imports.processing" and r.exc_info)
    assert record.exc_info[0] is IndexError
    said = record.getMessage()
    assert all(part in said for part in ("朔州日报", "2022-11-21", page.file_name, f"page {page.number}"))


def test_a_parser_fault_on_one_page_fails_that_page_only_with_a_translated_message(editor, monkeypatch, caplog):
    monkeypatch.setattr(edition, "parse_page", _fail_on(SMALL_PAGE, edition.parse_page))
    monkeypatch.setattr(importer_edition, "parse_page", _fail_on(SMALL_PAGE, importer_edition.parse_page))
    caplog.set_level(logging.ERROR)
    with translation.override("zh-hans"):
        batch = imported(editor, PAGE_ONE, SMALL_PAGE)
    failed = batch.pages.get(number=2)
    _assert_reported(failed, caplog)
    assert failed.source_text == SMALL_PAGE, "the uploaded text is kept"
    assert batch.pages.get(number=1).status == ImportPage.Status.DONE
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE
    assert not Article.objects.filter(headline="市商务局干部下沉社区助力疫情防控").exists()


def test_a_fault_after_parsing_writes_nothing_of_the_page(editor, monkeypatch, caplog):
    def plan_fails(*args, **kwargs):
        raise IndexError(FAULT)

    monkeypatch.setattr(processing, "plan_page", plan_fails)
    caplog.set_level(logging.ERROR)
    with translation.override("zh-hans"):
        page = imported(editor, SMALL_PAGE).pages.get()
    _assert_reported(page, caplog)
    assert not Article.objects.exists() and not PrintPage.objects.exists()


def test_the_message_is_in_the_desk_s_language():
    with translation.override("zh-hans"):
        assert str(processing.IMPORTER_FAULT).startswith(CHINESE)
    with translation.override("en"):
        assert str(processing.IMPORTER_FAULT).startswith("This page could not be parsed")


def test_pages_the_parser_cannot_join_are_parsed_one_by_one(monkeypatch):
    def join_fails(files):
        raise IndexError(FAULT)

    monkeypatch.setattr(edition, "parse_edition", join_fails)
    parse = edition.parse_pages({1: PAGE_ONE, 2: PAGE_TWO})
    assert isinstance(parse.join_crash, IndexError) and not parse.crashes and not parse.errors
    assert sorted(parse.documents) == [1, 2]
