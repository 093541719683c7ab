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
