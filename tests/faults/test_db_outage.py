"""A database error in this process (a view made to fail as an unreachable
database does): the page cache's last copy, else a 503 with Retry-After and
a plain Chinese page; the admin says what was not saved. Runs on SQLite too;
tests/faults/test_live_faults.py cuts a real PostgreSQL."""

import sys

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import RequestFactory

from articles import views
from newsroom import db_outage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.OUTAGE_RETRY_AFTER_SECONDS = 20
    cache.clear()
    yield
    cache.clear()


def database_down(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_a_page_the_cache_holds_is_served_stale_the_others_get_503(client, page_cache_on, monkeypatch):
    story, other = make_article(body="<p>第一版正文。</p>"), make_article()
    url = story.get_absolute_url()
    client.get(url)
    story.body = "<p>第二版正文。</p>"
    story.save()  # the copy is out of date
    monkeypatch.setattr(views.ArticleDetailView, "get", database_down)

    stale = client.get(url)
    assert stale.status_code == 200 and "第一版正文" in stale.content.decode()
    assert stale.headers["X-Page-Cache"] == "stale-if-error" and "no-cache" in stale.headers["Cache-Control"]
    unavailable = client.get(other.get_absolute_url())
    assert unavailable.status_code == 503 and unavailable.headers["Retry-After"] == "20"
    assert "网站暂时无法访问" in unavailable.content.decode()
    assert "X-Page-Cache" not in unavailable.headers  # and never stored

    monkeypatch.undo()
    fresh = client.get(url)
    assert fresh.headers["X-Page-Cache"] == "miss" and "第二版正文" in fresh.content.decode()


def test_an_editor_is_told_a_submission_was_not_saved(settings):
    request = RequestFactory().post(f"/{settings.ADMIN_URL}articles/article/1/change/")
    response = db_outage.unavailable_response(request)
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "编辑系统暂时无法使用" in text and "刚才提交的内容没有保存" in text


def test_the_error_handler_answers_a_database_outage_outside_a_view_with_503():
    request = RequestFactory().get("/")
    for error, status in (
        (OperationalError("server closed the connection unexpectedly"), 503),
        (ValueError("a bug"), 500),
    ):
        try:
            raise error
        except Exception:
            assert sys.exc_info()[1] is error
            assert db_outage.server_error(request).status_code == status


def _deadlock() -> OperationalError:
    """A deadlock as Django raises it: its OperationalError caused by psycopg's."""
    import psycopg.errors

    try:
        try:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        except psycopg.errors.DeadlockDetected as cause:
            raise OperationalError("deadlock detected") from cause
    except OperationalError as error:
        return error


def test_a_transaction_aborted_by_a_conflict_is_a_503_that_says_so_not_an_outage(settings, caplog):
    request = RequestFactory().post(f"/{settings.ADMIN_URL}articles/article/1/change/")
    middleware = db_outage.DatabaseOutageMiddleware(lambda request: None)
    failing_before = db_outage.outage_log.failing

    response = middleware.process_exception(request, _deadlock())
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "另一位同事正在同时修改相同的稿件" in text and "刚才提交的内容没有保存" in text
    assert "数据库暂时连接不上" not in text
    assert db_outage.outage_log.failing == failing_before  # no outage begun
    assert "conflict with another" in caplog.text
    assert not db_outage.is_database_outage(_deadlock())  # so no stale page is served for it either
