"""An editor's work on a story counts at every later import of its page, not only the next one."""

import pytest

from articles import workflow
from articles.models import Article
from tests.desk.test_preview import SMALL_PAGE, imported
from tests.factories import sign_off

pytestmark = pytest.mark.django_db


def test_a_story_published_at_the_desk_is_kept_when_the_page_drops_it_after_an_unchanged_reimport(editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    story = Article.objects.get(print_page=page.print_page, print_position=2)
    sign_off(story)
    assert workflow.publish(Article.objects.filter(pk=story.pk), user=editor) == 1
    # The same page again (a second scan, a desk double-check): nothing to write.
    imported(editor, SMALL_PAGE)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    # Then a page that no longer prints the story: an editor published it, so it stays.
    first_story_only = SMALL_PAGE.split("平鲁区委组织部")[0]
    again = imported(editor, first_story_only).pages.get()
    assert Article.objects.filter(pk=story.pk).exists(), "the story an editor published was deleted"
    assert {"headline": story.headline, "kind": "off_page", "name": "", "wanted": ""} in again.result["kept"]
