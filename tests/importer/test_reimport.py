"""Importing a page again loses nothing editors did: their changes, their bylines, their deletions,
and each story keeps its row (and its address) whatever the page around it does."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Byline
from tests.factories import make_person

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"


def _import(path=SEED):
    out = io.StringIO()
    call_command("import_print_page", str(path), "--date", "2022-11-21", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_reimport_keeps_an_editors_correction_to_a_published_story():
    _import()
    story = Article.objects.get(print_position=1)
    story.headline = "冲在“疫”线的政协人们"
    story.body = story.body.replace("冬日的朔州", "冬日里的朔州")
    story.save()
    _import()
    story.refresh_from_db()
    assert story.headline == "冲在“疫”线的政协人们"
    assert "冬日里的朔州" in story.body


def test_reimport_keeps_a_byline_an_editor_added():
    _import()
    story = Article.objects.get(print_position=1)
    Byline.objects.create(article=story, person=make_person(name="李编辑"), role=Byline.Role.EDITOR, position=5)
    _import()
    assert story.bylines.filter(person__name="李编辑").exists()


def test_reimport_does_not_republish_a_story_an_editor_deleted():
    _import()
    withdrawn = Article.objects.get(print_position=2)
    headline = withdrawn.headline
    withdrawn.delete()
    _import()
    assert not Article.objects.published().filter(headline=headline).exists()


def test_a_story_taken_out_of_the_page_text_does_not_hand_its_address_to_the_next(tmp_path, client):
    # Stories are matched by their position on the page: with the 抗疫日记 story (lines 31-52) taken out of
    # the file, the row of 怀仁 got the 商务局 story, and 怀仁's address redirected readers to it.
    _import()
    huairen = Article.objects.get(headline__startswith="怀仁")
    address = huairen.get_absolute_url()
    lines = SEED.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "page.txt"
    shorter.write_text("\n".join(lines[:30] + lines[52:]), encoding="utf-8")
    _import(shorter)
    response = client.get(address, follow=True)
    assert response.status_code == 200
    assert "怀仁" in response.context["article"].headline
