"""Audit: importing over published stories must be judged by who does it,
and on the stories the import writes, not on the page they stand on."""

import pytest

from articles import workflow
from articles.models import Article
from imports.models import ImportBatch
from imports.upload import create_batch
from tests.desk.test_preview import DATE, SMALL_PAGE, imported
from tests.factories import sign_off

pytestmark = pytest.mark.django_db

CHANGED = SMALL_PAGE.replace("受到居民好评", "居民颇有怨言")


def _publish_page(page, editor):
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == stories.count() > 0
    return {story.pk: story.body for story in stories}


def test_audit_an_archivist_confirming_an_editors_upload_cannot_replace_published_stories(client, archivist, editor):
    # Page 1 is published.
    bodies = _publish_page(imported(editor, SMALL_PAGE).pages.get(), editor)
    # An editor uploads a changed page 1 and leaves it at the check step;
    # an archivist opens the same batch and confirms it.
    batch = create_batch(editor, [("1.txt", CHANGED.encode())])
    page = batch.pages.get()
    client.force_login(archivist)
    response = client.post(
        batch.get_absolute_url(), {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number}
    )
    assert response.status_code in (302, 403)
    # The confirm is the archivist's act: it may not change published stories.
    for pk, body in bodies.items():
        assert Article.objects.get(pk=pk).body == body, "an archivist's confirm rewrote a published story"


def test_audit_reimport_judges_the_stories_it_writes_not_only_those_on_the_page(archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    bodies = _publish_page(page, editor)
    # An editor takes the published stories off the print page (the print
    # placement was wrong); they keep their import reference.
    Article.objects.filter(pk__in=bodies).update(print_page=None, print_position=None)
    # An archivist imports the page again.
    batch = imported(archivist, CHANGED)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    for pk, body in bodies.items():
        story = Article.objects.get(pk=pk)
        assert story.body == body, "an archivist's import rewrote a published story"
        assert story.status == Article.Status.PUBLISHED


def test_audit_reimport_by_an_archivist_never_deletes_a_published_story(archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    bodies = _publish_page(page, editor)
    Article.objects.filter(pk__in=bodies).update(print_page=None, print_position=None)
    # The page again with one story fewer: the importer deletes the one gone.
    one_story = SMALL_PAGE.split("平鲁区委组织部")[0]
    imported(archivist, one_story)
    assert Article.objects.filter(pk__in=bodies).count() == len(bodies), "an archivist's import deleted a story"
