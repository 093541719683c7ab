"""An edition date no paper printed (an OCR misread 0022年, a mistyped --date)
is refused with its reason, never filed: year 1 in Asia/Shanghai is a BC
timestamp in UTC, which PostgreSQL stores and psycopg cannot read back."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer.furniture import read_header
from articles.models import Article
from articles.params import day_range_error

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"


def _page(tmp_path, header):
    page = tmp_path / "page.txt"
    page.write_text(header + "\n\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return page


def _import(*args):
    call_command("import_print_page", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("year", ["0001", "0022"])
def test_a_page_header_dated_two_thousand_years_ago_is_refused(tmp_path, year):
    page = _page(tmp_path, f"{year}年11月21日　星期一　第二版　要闻　责任编辑：张丽")
    with pytest.raises(CommandError, match=rf"page\.txt: the page header's date {year}年11月21日: .*give --date"):
        _import(page)
    assert not Article.objects.exists()


def test_a_page_header_dated_new_years_day_of_year_one_leaves_the_sitemap_up(tmp_path, client):
    page = _page(tmp_path, "0001年1月1日　星期一　第二版　要闻　责任编辑：张丽")
    with pytest.raises(CommandError):
        _import(page)
    client.raise_request_exception = False
    assert client.get("/sitemap-articles.xml").status_code == 200
    assert client.get("/feed/").status_code == 200


def test_a_misread_header_date_is_no_obstacle_when_the_date_is_given(tmp_path):
    _import(_page(tmp_path, "0022年11月21日　星期一　第二版　要闻　责任编辑：张丽"), "--date", "2022-11-21")
    assert Article.objects.filter(print_page__edition__date=dt.date(2022, 11, 21)).exists()


@pytest.mark.parametrize("value", ["0001-01-01", "1799-12-31", "3000-01-01"])
def test_a_date_given_outside_the_range_is_a_clear_error(value):
    with pytest.raises(CommandError, match=rf"--date {value} is not a date any paper printed \(years 1800–2999\)"):
        _import(SEED, "--date", value)


@pytest.mark.parametrize("page", ["0", "1000", "40000"])
def test_a_page_number_no_paper_prints_is_a_clear_error(page):
    with pytest.raises(CommandError, match="--page must be between 1 and 999"):
        _import(SEED, "--date", "2022-11-21", "--page", page)


def test_the_header_reader_keeps_a_date_in_range_and_says_why_it_drops_one_outside():
    assert read_header(["2022年11月21日　星期一　第二版"]).date == dt.date(2022, 11, 21)
    header = read_header(["0022年11月21日　星期一　第二版"])
    assert header.date is None and "0022年11月21日" in header.date_error


def test_the_range_is_said_once():
    assert day_range_error(dt.date(1800, 1, 1)) is None and day_range_error(dt.date(2999, 12, 31)) is None
    assert "0001-01-01" in day_range_error(dt.date(1, 1, 1))
