"""The desk's re-import keeps what editors changed in the admin, and the preview says what it kept."""

import pytest

from articles.models import Article
from tests.desk.conftest import SEED_TEXT
from tests.desk.test_preview import imported, preview_url

pytestmark = pytest.mark.django_db


def test_a_desk_reimport_keeps_an_admin_correction_and_the_preview_lists_it(client, editor):
    first = imported(editor, SEED_TEXT).pages.get()
    story = Article.objects.get(print_page=first.print_page, print_position=1)
    story.headline = "冲在“疫”线的政协人们"
    story.save()
    withdrawn = Article.objects.get(print_page=first.print_page, print_position=2)
    withdrawn_headline = withdrawn.headline
    withdrawn.delete()

    again = imported(editor, SEED_TEXT).pages.get()
    story.refresh_from_db()
    assert story.headline == "冲在“疫”线的政协人们"
    assert not Article.objects.filter(headline=withdrawn_headline).exists()
    assert {entry["kind"] for entry in again.result["kept"]} == {"field", "deleted"}

    client.force_login(editor)
    page = client.get(preview_url(again), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "上次导入保留了编辑的以下修改" in page
    assert "《冲在“疫”线的政协人们》：保留了编辑对标题的修改；版面上是“冲在“疫”线的政协人”" in page
    assert f"《{withdrawn_headline}》：已被编辑删除，未重新创建" in page


def test_a_story_published_at_the_desk_is_kept_when_the_page_no_longer_prints_it(editor):
    from articles import workflow
    from tests.desk.test_preview import SMALL_PAGE
    from tests.factories import sign_off

    page = imported(editor, SMALL_PAGE).pages.get()
    story = Article.objects.get(print_page=page.print_page, print_position=2)
    sign_off(story)
    assert workflow.publish(Article.objects.filter(pk=story.pk), user=editor) == 1
    first_story_only = SMALL_PAGE.split("平鲁区委组织部")[0]

    again = imported(editor, first_story_only).pages.get()
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert {"headline": story.headline, "kind": "off_page", "name": "", "wanted": ""} in again.result["kept"]


def test_a_story_an_editor_moved_to_another_page_is_left_there_and_the_preview_says_so(client, editor):
    from articles.models import PrintPage
    from tests.desk.test_preview import SMALL_PAGE

    first = imported(editor, SMALL_PAGE).pages.get()
    story = Article.objects.get(print_page=first.print_page, print_position=2)
    elsewhere = PrintPage.objects.create(edition=first.print_page.edition, number=3)
    story.print_page, story.print_position = elsewhere, 1
    story.save()

    again = imported(editor, SMALL_PAGE).pages.get()
    story.refresh_from_db()
    assert (story.print_page, story.print_position) == (elsewhere, 1)
    assert Article.objects.filter(headline=story.headline).count() == 1
    assert {"headline": story.headline, "kind": "moved", "name": "3", "wanted": ""} in again.result["kept"]
    client.force_login(editor)
    page = client.get(preview_url(again), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"《{story.headline}》：已被编辑移到第3版，留在那里" in page
