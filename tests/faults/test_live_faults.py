"""Real faults under a real server: gunicorn with production settings, its
own redis-server stopped and restarted during requests, and PostgreSQL made
unreachable through a TCP proxy the test cuts and restores (never the
machine's PostgreSQL or Redis). PostgreSQL only: the server must share the
test's database."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from bench.fault_servers import TcpProxy, WebServer
from tests.factories import make_article, make_department
from tests.processes import run_manage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    result = run_manage("collectstatic", "--noinput", "-v0", STATIC_ROOT=str(root))
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def proxy():
    if connection.vendor != "postgresql":
        pytest.skip("the server shares the test's database: PostgreSQL only")
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    yield proxy
    proxy.close()


@pytest.fixture
def server(proxy, shared_cache, static_root, tmp_path):
    db = connection.settings_dict
    web = WebServer(
        {
            "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
            "REDIS_URL": shared_cache.url(),
            "CACHE_KEY_PREFIX": "newsroom",
            "SECRET_KEY": settings.SECRET_KEY,
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PAGE_CACHE_SECONDS": "600",
            "OUTAGE_RETRY_AFTER_SECONDS": "15",
        },
        tmp_path / "gunicorn.log",
    )
    yield web
    web.stop()


@pytest.fixture
def stories():
    section = make_department(name="要闻")
    other = make_department(name="经济")
    story = make_article(department=section, headline="朔城公安守护群众", body="<p>第一版正文。</p>")
    other_story = make_article(department=other, headline="平朔保卫中心不退")
    return {"story": story, "section": section, "other": other, "other_story": other_story}


def test_redis_stopped_and_restarted_twice_during_requests_costs_no_answer(server, shared_cache, stories):
    paths = ["/", stories["story"].get_absolute_url(), stories["section"].get_absolute_url(), "/search/?q=公安"]
    answers, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            for path in paths:
                answer = server.get(path)
                answers.append((answer.status, path, "守护群众" in answer.text))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(2):
            time.sleep(1)
            shared_cache.stop(save=True)
            time.sleep(2)
            shared_cache.start()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert len(answers) > 40
    assert {status for status, _, _ in answers} == {200}
    assert all(has_story for _, _, has_story in answers)
    # and the cache serves again
    url = stories["story"].get_absolute_url()
    states = {server.get(url).headers["X-Page-Cache"] for _ in range(6)}
    assert "hit" in states


def test_database_unreachable_serves_what_readers_saw_else_503_and_recovers_without_restart(
    server, proxy, stories, client, admin_user
):
    story, section, other = stories["story"], stories["section"], stories["other_story"]
    url = story.get_absolute_url()
    for path in ("/", url, other.get_absolute_url()):
        server.get(path)
    assert server.get(url).headers["X-Page-Cache"] == "hit"
    story.body = "<p>第二版正文。</p>"
    story.save()  # the story's cached page is now out of date
    client.force_login(admin_user)  # an editor's session, in the database and in Redis
    editor = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    assert server.get("/admin/", headers=editor).status == 200

    proxy.cut()
    cached = server.get(other.get_absolute_url())
    assert (cached.status, cached.headers["X-Page-Cache"]) == (200, "hit") and "平朔保卫中心不退" in cached.text
    stale = server.get(url)
    assert stale.status == 200 and "第一版正文" in stale.text
    assert stale.headers["X-Page-Cache"] == "stale-if-error" and "no-cache" in stale.headers["Cache-Control"]
    assert server.get("/").headers["X-Page-Cache"] == "stale-if-error"
    for path in (stories["other"].get_absolute_url(), section.get_absolute_url(), "/search/?q=公安", "/feed/"):
        answer = server.get(path)
        assert answer.status == 503, (path, answer.status)
        assert answer.headers["Retry-After"] == "15" and "网站暂时无法访问" in answer.text
    admin = server.get("/admin/articles/article/", headers=editor)
    assert admin.status == 503 and "编辑系统暂时无法使用" in admin.text and admin.headers["Retry-After"]

    proxy.restore()
    deadline = time.monotonic() + 10
    while (answer := server.get(section.get_absolute_url())).status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert answer.status == 200 and "朔城公安守护群众" in answer.text
    fresh = server.get(url)
    assert fresh.status == 200 and "第二版正文" in fresh.text
    assert server.get("/admin/articles/article/", headers=editor).status == 200
