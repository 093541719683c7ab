"""Reads from a replica, writes to the primary, and a writer reads its own writes."""

import pytest
from django.db import connection
from django.test import override_settings

from articles.models import Article
from newsroom import db_router

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second PostgreSQL database as the replica"),
    pytest.mark.django_db(databases=["default", "replica"]),
]


@pytest.fixture
def unpinned():
    token = db_router._pinned.set(False)
    yield
    db_router._pinned.reset(token)


@override_settings(DATABASE_REPLICAS=["replica"])
def test_reads_go_to_the_replica_and_writes_to_the_primary(unpinned):
    # Rows that exist only on the "replica" show where reads went.
    Article.objects.using("replica").create(headline="只在副本上")
    assert list(Article.objects.values_list("headline", flat=True)) == ["只在副本上"]
    Article.objects.create(headline="写到主库")
    assert Article.objects.using("default").filter(headline="写到主库").exists()
    assert not Article.objects.using("replica").filter(headline="写到主库").exists()


@override_settings(DATABASE_REPLICAS=["replica"])
def test_outside_a_request_everything_reads_from_the_primary():
    Article.objects.using("replica").create(headline="只在副本上")
    Article.objects.create(headline="写到主库")
    assert list(Article.objects.values_list("headline", flat=True)) == ["写到主库"]


@override_settings(DATABASE_REPLICAS=["replica"])
def test_a_reader_get_request_reads_from_the_replica(client):
    Article.objects.using("replica").create(headline="只在副本上", status="published")
    assert "只在副本上" in client.get("/").content.decode()


@override_settings(DATABASE_REPLICAS=["replica"], REPLICA_LAG_SECONDS=10)
def test_a_request_that_wrote_pins_the_browser_to_the_primary_for_a_while(unpinned, admin_client):
    Article.objects.using("replica").create(headline="只在副本上")
    response = admin_client.post("/admin/articles/department/add/", {"name": "新栏目", "order": "5"})
    assert response.status_code == 302
    assert response.cookies[db_router.PIN_COOKIE]["max-age"] == 10
    db_router._pinned.set(False)
    assert db_router.PIN_COOKIE in admin_client.cookies
    changelist = admin_client.get("/admin/articles/department/")
    assert "新栏目" in changelist.content.decode()  # read from the primary, where the write went


@override_settings(DATABASE_REPLICAS=[])
def test_without_replicas_everything_uses_the_primary(unpinned):
    assert db_router.PrimaryReplicaRouter().db_for_read(Article) == "default"


@override_settings(DATABASE_REPLICAS=["replica"])
def test_reads_from_sends_every_read_of_a_block_to_one_database(unpinned):
    Article.objects.using("replica").create(headline="只在副本上")
    Article.objects.create(headline="写到主库")
    with db_router.reads_from("default"):
        assert list(Article.objects.values_list("headline", flat=True)) == ["写到主库"]
    assert list(Article.objects.values_list("headline", flat=True)) == ["只在副本上"]


@override_settings(DATABASE_REPLICAS=["replica"])
def test_a_card_read_from_a_lagging_replica_is_shown_but_not_kept(unpinned, fragment_cache_on):
    # The replica has not yet had an edit made just before the reader asked:
    # the card shows the old headline to that reader, and is not kept for the
    # next one, who reads the caught-up row.
    import time

    from articles import fragments
    from articles.cards import render_cards_by_id
    from tests.factories import make_article, make_department

    department = make_department()
    story = make_article(department=department, headline="旧标题")
    department.save(using="replica", force_insert=True)
    story.save(using="replica", force_insert=True)
    time.sleep(0.01)
    story.headline = "新标题"
    story.save()
    time.sleep(0.01)
    fragments._note_request_started()  # a reader's request, after the edit
    assert "旧标题" in render_cards_by_id([(story.pk, "list")])[story.pk, "list"]
    with db_router.reads_from("default"):  # the replica caught up
        assert "新标题" in render_cards_by_id([(story.pk, "list")])[story.pk, "list"]


@override_settings(DATABASE_REPLICAS=["replica"])
def test_reads_may_lag_only_where_they_may_go_to_a_replica(unpinned, settings):
    assert db_router.read_lag_ns() == settings.REPLICA_LAG_SECONDS * 10**9
    with db_router.reads_from("default"):
        assert db_router.read_lag_ns() == 0
    token = db_router._pinned.set(True)
    try:
        assert db_router.read_lag_ns() == 0
    finally:
        db_router._pinned.reset(token)
