"""The stories' locks (articles.row_locks): one statement, on the primary."""

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.models import Article
from articles.row_locks import lock_stories
from newsroom import db_router
from review import steps
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


class _Statements(list):
    """Each statement run on a connection, with its parameters."""

    def __call__(self, execute, sql, params, many, context):
        self.append((sql, params))
        return execute(sql, params, many, context)


def test_the_stories_of_several_querysets_are_locked_in_one_statement_whatever_their_number():
    stories = [make_article(headline=f"锁{n}") for n in range(30)]
    statements = _Statements()
    with connection.execute_wrapper(statements):
        locked = lock_stories(
            Article.objects.filter(headline__startswith="锁").order_by("-pk"),
            Article.objects.filter(pk=stories[0].pk),
            status__in=[Article.Status.PUBLISHED],
        )

    assert [story.pk for story in locked] == sorted(story.pk for story in stories)
    # The querysets go in as subqueries, not as a list of their ids: a
    # selection of any size is one statement with their few parameters
    # (SQLite allows at most 32,766).
    [(sql, params)] = statements
    assert len(params) <= 3, sql


def test_a_review_step_locks_the_story_in_one_statement():
    story = make_article(status=Article.Status.DRAFT)
    steps.submit(story, make_user("Reporter", "reporter"))
    with CaptureQueriesContext(connection) as captured:
        steps._locked(story)
    # The story's row, then its review's.
    assert len(captured) == 2, [q["sql"] for q in captured]


def test_a_lookup_across_a_relation_is_refused_as_it_would_not_be_checked_again():
    story = make_article()
    with pytest.raises(ValueError, match="another table"):
        lock_stories(Article.objects.filter(pk=story.pk), department__name="要闻部")
    with pytest.raises(ValueError, match="another table"):
        lock_stories(Article.objects.filter(pk=story.pk), mentions__person__name="王某")

    # The story's own columns, a foreign key's among them, are checked again.
    assert lock_stories(Article.objects.filter(pk=story.pk), department=story.department_id, status=story.status)


@pytest.fixture
def reads_from_the_replica():
    token = db_router._pinned.set(False)
    with override_settings(DATABASE_REPLICAS=["replica"]):
        yield
    db_router._pinned.reset(token)


needs_a_replica = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a second PostgreSQL database as the replica"
)
with_the_replica = pytest.mark.django_db(databases=["default", "replica"])


@needs_a_replica
@with_the_replica
def test_stories_are_locked_on_the_primary_when_reads_go_to_a_replica(reads_from_the_replica):
    story = make_article()
    # The replica does not have the story yet (it lags): the lock is taken
    # where the story is written, and finds it.
    assert not Article.objects.filter(pk=story.pk).exists()

    [locked] = lock_stories(Article.objects.filter(pk=story.pk))

    assert locked.pk == story.pk and locked._state.db == "default"


@needs_a_replica
@with_the_replica
def test_a_workflow_move_is_one_transaction_on_the_primary_when_reads_go_to_a_replica(reads_from_the_replica):
    story = make_article()
    with CaptureQueriesContext(connections["replica"]) as on_the_replica:
        assert workflow.unpublish(Article.objects.filter(pk=story.pk)) == 1

    assert Article.objects.using("default").get(pk=story.pk).status == Article.Status.DRAFT
    # Neither its transaction nor its lock is on the replica.
    assert not [q["sql"] for q in on_the_replica if "SAVEPOINT" in q["sql"] or "FOR UPDATE" in q["sql"]]
