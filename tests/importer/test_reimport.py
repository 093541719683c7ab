"""Importing a page again loses nothing editors did: their changes, their bylines, their deletions,
and each story keeps its row (and its address) whatever the page around it does."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Byline, DeletedImport, ImportedStory, Photo
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


def _reading(tmp_path, old, new, path=SEED):
    """The seed page as another scan reads it: ``old`` read as ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    page = tmp_path / "scan.txt"
    page.write_text(text.replace(old, new), encoding="utf-8")
    return page


def test_a_better_reading_updates_a_story_no_editor_touched_in_place(tmp_path, client):
    _import(_reading(tmp_path, "冬日的朔州", "冬日的朔洲"))
    story = Article.objects.get(print_position=1)
    address = story.get_absolute_url()
    output = _import()
    story.refresh_from_db()
    assert "冬日的朔州" in story.body and Article.objects.filter(import_ref=story.import_ref).count() == 1
    assert "kept" not in output
    assert client.get(address).status_code == 200


def test_the_report_names_each_editors_change_kept_and_what_the_parser_wanted():
    _import()
    story = Article.objects.get(print_position=1)
    story.headline = "冲在“疫”线的政协人们"
    story.save()
    output = _import()
    assert "editors' changes kept 1" in output and "冲在“疫”线的政协人们: kept the editors' headline" in output
    assert ImportedStory.objects.get(article=story).kept == {"headline": "冲在“疫”线的政协人"}


def test_a_byline_an_editor_removed_stays_removed():
    _import()
    story = Article.objects.get(print_position=1)
    removed = story.bylines.exclude(person=None).first()
    name = removed.person.name
    removed.delete()
    output = _import()
    assert not story.bylines.filter(person__name=name).exists()
    assert f"kept the editors' removal of byline {name}" in output


def test_a_story_the_import_took_off_the_page_comes_back_with_it(tmp_path):
    _import()
    headline = Article.objects.get(print_position=2).headline
    lines = SEED.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "page.txt"
    shorter.write_text("\n".join(lines[:30] + lines[52:]), encoding="utf-8")
    assert "removed 1" in _import(shorter)
    assert not DeletedImport.objects.exists()
    _import()
    assert Article.objects.published().filter(headline=headline).exists()


def test_a_story_editors_changed_is_kept_when_the_page_text_no_longer_has_it(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    story.body += "<p>编者补记。</p>"
    story.save()
    lines = SEED.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "page.txt"
    shorter.write_text("\n".join(lines[:30] + lines[52:]), encoding="utf-8")
    output = _import(shorter)
    story.refresh_from_db()
    assert "编者补记" in story.body and story.print_position is None
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_a_failed_reimport_changes_nothing(tmp_path, monkeypatch):
    _import(_reading(tmp_path, "冬日的朔州", "冬日的朔洲"))
    story = Article.objects.get(print_position=2)
    story.delete()
    before = list(Article.objects.order_by("pk").values())
    records = list(ImportedStory.objects.order_by("pk").values())
    tombstones = list(DeletedImport.objects.values())

    from articles.importer import save

    real = save._save_photo

    def broken(article, planned, record):
        if article.print_position == 5:
            raise RuntimeError("disk full")
        return real(article, planned, record)

    monkeypatch.setattr(save, "_save_photo", broken)
    with pytest.raises(RuntimeError):
        _import()
    assert list(Article.objects.order_by("pk").values()) == before
    assert list(ImportedStory.objects.order_by("pk").values()) == records
    assert list(DeletedImport.objects.values()) == tombstones


def test_a_photo_caption_an_editor_corrected_is_kept(tmp_path):
    _import(_reading(tmp_path, "冬日的朔州", "冬日的朔洲"))
    photo = Photo.objects.filter(article__kind=Article.Kind.PHOTO).select_related("article").first()
    assert photo is not None, "the seed page prints a photo story"
    photo.caption = "编辑改过的图片说明"
    photo.save()
    output = _import()
    photo.refresh_from_db()
    assert photo.caption == "编辑改过的图片说明"
    assert f"{photo.article.headline}: kept the editors' caption" in output
