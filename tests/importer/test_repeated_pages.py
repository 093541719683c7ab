"""One page given twice is refused, never saved as two pages: files given one
by one say so as ``--edition`` does."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer.page_files import PageFileError, expand_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"
HEADER = "2022年11月21日　星期一　第二版　要闻　责任编辑：张丽\n\n"


def _import(*paths):
    call_command("import_print_page", *map(str, paths), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_same_page_given_twice_is_not_saved_as_two_pages(tmp_path):
    page = tmp_path / "page-02.txt"
    page.write_text(HEADER + SEED.read_text(encoding="utf-8"))
    with pytest.raises(CommandError, match="page-02.txt: the same file is given twice"):
        _import(page, page)
    assert not Article.objects.exists()


def test_two_files_printing_the_same_page_number_are_refused_as_the_edition_folder_refuses_them(tmp_path):
    one, other = tmp_path / "a.txt", tmp_path / "b.txt"
    one.write_text(HEADER + SEED.read_text(encoding="utf-8"))
    other.write_text(HEADER + SEED.read_text(encoding="utf-8").replace("冬日的朔州", "冬日里的朔州"))
    message = r"a.txt and .*b.txt are the same page: each prints page 2 in its header"
    with pytest.raises(CommandError, match=message):
        _import(one, other)
    with pytest.raises(CommandError, match=message):
        call_command("import_print_page", "--edition", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Article.objects.exists()


def test_a_file_given_by_name_and_again_in_its_folder_is_named(tmp_path):
    (tmp_path / "page.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    other_spelling = tmp_path / "sub" / ".." / "page.txt"
    with pytest.raises(PageFileError, match=r"page.txt: the same file is given twice \(also as .*sub/\.\./page.txt\)"):
        expand_paths([other_spelling, tmp_path])
