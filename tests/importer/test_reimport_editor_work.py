"""A story gone from the page's text is deleted only when no editor worked on it, and a
story no editor worked on does not look worked on because of the import's own writes."""

from pathlib import Path

import pytest

from articles.models import Article
from imports import people_review
from people.models import Mention
from tests.factories import make_person, make_user
from tests.importer.test_reimport import SEED, _import, _reading, _without_the_diary

pytestmark = pytest.mark.django_db


def test_a_story_whose_kicker_a_later_scan_corrected_is_still_removed_when_it_leaves_the_page(tmp_path):
    # First scan misreads the kicker; the import tags the story with what it read.
    _import(_reading(tmp_path, "抗疫日记", "抗疫日汜"))
    story = Article.objects.get(print_position=2)
    assert story.kicker == "抗疫日汜"
    # A better scan: no editor touched the story, so the import corrects its kicker.
    _import()
    story.refresh_from_db()
    assert story.kicker == "抗疫日记"
    # The story then leaves the page. Nobody but the import ever wrote it, yet the
    # misread kicker's tag, which the import itself added, reads as an editor's tag.
    output = _import(_without_the_diary(tmp_path))
    assert "removed 1" in output
    assert not Article.objects.filter(pk=story.pk).exists()


def _without_huairen(tmp_path) -> Path:
    """The seed page with the 怀仁 story (lines 53-64) taken out of its text."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "no-huairen.txt"
    shorter.write_text("\n".join(lines[:52] + lines[64:]), encoding="utf-8")
    return shorter


def test_a_story_whose_mention_an_editor_confirmed_is_kept_when_it_leaves_the_page(tmp_path):
    _import()
    story = Article.objects.get(headline__startswith="怀仁")
    mention = Mention.objects.filter(article=story).first()
    assert mention is not None and not mention.confirmed
    # The people desk: an editor checks the person named is the right one. The
    # story's row is not saved, so its version says nothing of it.
    people_review.confirm(mention)
    output = _import(_without_huairen(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists(), "the editor's confirmed mention went with the story"
    assert Mention.objects.filter(pk=mention.pk, confirmed=True).exists()
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_a_story_in_which_an_editor_rejected_a_name_is_kept_when_it_leaves_the_page(tmp_path):
    _import()
    story = Article.objects.get(headline__startswith="怀仁")
    mention = Mention.objects.filter(article=story).first()
    # Not this person: the mention goes, and only the rejection says an editor was here.
    people_review.reject(mention, make_user("Editor", "editor"))
    output = _import(_without_huairen(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists(), "the editor's rejection went with the story"
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_a_story_an_editor_named_someone_in_is_kept_when_it_leaves_the_page(tmp_path):
    _import()
    story = Article.objects.get(headline__startswith="怀仁")
    Mention.objects.create(article=story, person=make_person(name="李编辑"), origin=Mention.Origin.EDITOR)
    output = _import(_without_huairen(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists(), "the mention an editor added went with the story"
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_a_story_with_only_the_import_s_own_mentions_is_removed_when_it_leaves_the_page(tmp_path):
    _import()
    story = Article.objects.get(headline__startswith="怀仁")
    assert Mention.objects.filter(article=story, origin=Mention.Origin.IMPORTED, confirmed=False).exists()
    assert "removed 1" in _import(_without_huairen(tmp_path))
    assert not Article.objects.filter(pk=story.pk).exists()
