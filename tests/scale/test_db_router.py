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
