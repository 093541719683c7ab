"""Indexes built without blocking writes (newsroom/concurrent_indexes.py): a
migration that failed half-way runs again from its start."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.migrations.state import ProjectState

from newsroom.concurrent_indexes import AddIndexConcurrently

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "article_scratch_headline"


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("CREATE INDEX CONCURRENTLY is PostgreSQL's")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {NAME}")


def _add():
    operation = AddIndexConcurrently(model_name="article", index=models.Index(fields=["headline"], name=NAME))
    before = ProjectState.from_apps(apps)
    after = before.clone()
    operation.state_forwards("articles", after)
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("articles", editor, before, after)


def _valid() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s", [NAME]
        )
        return [valid for (valid,) in cursor.fetchall()]


def test_an_index_already_built_is_kept(postgresql):
    _add()
    _add()
    assert _valid() == [True]


def test_an_index_whose_build_failed_is_built_again(postgresql):
    _add()
    with connection.cursor() as cursor:
        # What a concurrent build that failed half-way leaves under its name.
        cursor.execute(f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{NAME}'::regclass")
    assert _valid() == [False]
    _add()
    assert _valid() == [True]
