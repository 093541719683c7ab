"""Importing a page again loses nothing editors did: their changes, their bylines, their deletions,
and each story keeps its row (and its address) whatever the page around it does."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.importer.rematch import lead_of_html
from articles.models import Article, Byline, DeletedImport, Department, Edition, ImportedStory, Photo, PrintPage
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


def _without_the_diary(tmp_path):
    """The seed page with the 抗疫日记 story (lines 31-52) taken out of its text."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "page.txt"
    shorter.write_text("\n".join(lines[:30] + lines[52:]), encoding="utf-8")
    return shorter


def _the_diary(tmp_path):
    """The 抗疫日记 story alone, as another page prints it."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    page = tmp_path / "diary.txt"
    page.write_text("\n".join(lines[30:52]), encoding="utf-8")
    return page


def _import_page(path, number):
    out = io.StringIO()
    call_command(
        "import_print_page", str(path), "--date", "2022-11-21", "--page", str(number), stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def test_a_story_an_editor_tagged_is_kept_when_the_page_text_no_longer_has_it(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    # What the admin's form does: the story is saved with its tags.
    story.tags.add("编者推荐")
    story.save()
    output = _import(_without_the_diary(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists()
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output
    assert "removed 0" in output


def test_a_story_an_editor_gave_a_photo_is_kept_when_the_page_text_no_longer_has_it(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    # Added the way no story save follows (a photo row written on its own).
    Photo.objects.create(article=story, position=1, caption="编者配图")
    output = _import(_without_the_diary(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists()
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_the_record_holds_the_story_s_version_as_the_import_left_it():
    _import()
    story = Article.objects.get(print_position=2)
    assert story.import_record.version == story.version
    story.save()
    _import()
    story.refresh_from_db()
    assert story.import_record.version == story.version


def test_an_editors_save_that_no_field_shows_still_counts_after_an_unchanged_reimport(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    story.save()  # no field changed: only the version says anything
    _import()
    story.refresh_from_db()
    assert story.import_record.edited and story.import_record.version == story.version
    output = _import(_without_the_diary(tmp_path))
    assert Article.objects.filter(pk=story.pk).exists()
    assert f"{story.headline}: no longer on the page; kept, editors changed it" in output


def test_a_record_without_a_version_falls_back_to_comparing_fields(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    ImportedStory.objects.filter(article=story).update(version=None)
    story.save()  # no field changed: only the version says anything
    assert "removed 1" in _import(_without_the_diary(tmp_path))
    assert not Article.objects.filter(pk=story.pk).exists()


def test_a_story_an_editor_moved_to_another_page_stays_there_when_its_old_page_is_imported_again(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    elsewhere = PrintPage.objects.create(edition=story.print_page.edition, number=3)
    # Moved without a save of the story: only its page says an editor moved it.
    Article.objects.filter(pk=story.pk).update(print_page=elsewhere, print_position=20)
    output = _import()
    story.refresh_from_db()
    assert (story.print_page, story.print_position) == (elsewhere, 20)
    assert Article.objects.filter(headline=story.headline).count() == 1
    assert f"{story.headline}: moved by an editor to page 3; left there" in output
    output = _import(_without_the_diary(tmp_path))
    story.refresh_from_db()
    assert (story.print_page, story.print_position) == (elsewhere, 20)
    assert "removed 0" in output


def test_importing_the_page_a_story_was_moved_to_finds_it_there(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    story.body += "<p>编者补记。</p>"
    story.save()
    elsewhere = PrintPage.objects.create(edition=story.print_page.edition, number=3)
    story.print_page, story.print_position = elsewhere, 20
    story.save()
    output = _import_page(_the_diary(tmp_path), 3)
    story.refresh_from_db()
    assert Article.objects.filter(headline=story.headline).count() == 1
    assert story.print_page == elsewhere and "编者补记" in story.body
    assert "created 0" in output


def test_a_new_photo_story_with_the_headline_of_a_deleted_one_is_created(tmp_path):
    _import()
    photo_story = Article.objects.get(kind=Article.Kind.PHOTO)
    photo_story.delete()
    new_caption = "为保障职工生命安全,平鲁区井下矿机电队连日来组织人员对井口候车室和职工食堂进行全面消毒。"
    old_caption = SEED.read_text(encoding="utf-8").split("\n")[152]
    assert old_caption.startswith("为保障职工生命安全")
    output = _import(_reading(tmp_path, old_caption, new_caption + "王汉平 摄"))
    assert Article.objects.filter(kind=Article.Kind.PHOTO, body__contains="井口候车室").exists()
    assert "created 1" in output and "not created again" not in output


def test_a_deleted_story_misread_a_little_stays_deleted(tmp_path):
    _import()
    story = Article.objects.get(print_position=2)
    story.delete()
    output = _import(_reading(tmp_path, "我刚起床", "我刚起来"))
    assert not Article.objects.filter(headline=story.headline).exists()
    assert "not created again" in output


def test_a_story_recovered_from_its_revisions_is_not_taken_for_deleted(client):
    from django.urls import reverse
    from reversion.models import Version

    from tests.factories import make_user
    from tests.safety.test_revisions import _form

    _import()
    story = Article.objects.get(print_position=2)
    story.headline = "我当“大白”的一天"
    story.save()
    version = Version.objects.get_for_object(story)[0]
    recovered = Article(pk=story.pk, **{f: getattr(story, f) for f in ("headline", "body", "slug", "kind")})
    page, position = story.print_page_id, story.print_position
    story.delete()
    assert DeletedImport.objects.filter(import_ref=story.import_ref).exists()
    client.force_login(make_user("Editor", "editor"))
    url = reverse("admin:articles_article_recover", args=[version.pk])
    form = _form(
        recovered, status=Article.Status.DRAFT, loaded_version="", print_page=str(page), print_position=str(position)
    )
    assert client.post(url, form).status_code == 302
    assert not DeletedImport.objects.filter(import_ref=story.import_ref).exists()
    output = _import()
    story = Article.objects.get(pk=recovered.pk)
    assert (story.print_page_id, story.print_position, story.headline) == (page, position, "我当“大白”的一天")
    assert "not created again" not in output


def test_a_tombstone_a_live_story_holds_the_reference_of_is_ignored():
    _import()
    story = Article.objects.get(print_position=2)
    story.headline = "我当“大白”的一天"
    story.save()
    # A tombstone left behind by a restore that did not go through a save.
    DeletedImport.objects.create(
        import_ref=story.import_ref, headline="我当“大白”的经历", lead=lead_of_html(story.body)
    )
    ImportedStory.objects.filter(article=story).delete()
    output = _import()
    story.refresh_from_db()
    assert story.print_position == 2 and "not created again" not in output


def test_the_record_names_the_department_by_its_slug(tmp_path):
    department = Department.objects.create(name="要闻", slug="yaowen")
    out = io.StringIO()
    call_command("import_print_page", str(SEED), "--date", "2022-11-21", "--department", "yaowen", stdout=out)
    record = ImportedStory.objects.get(article__print_position=1)
    assert record.written["department"] == "yaowen"
    assert record.article.department == department


def test_a_record_holding_the_department_s_id_is_still_read(tmp_path):
    department = Department.objects.create(name="要闻", slug="yaowen")
    args = ("import_print_page", str(SEED), "--date", "2022-11-21", "--department", "yaowen")
    call_command(*args, stdout=io.StringIO())
    for record in ImportedStory.objects.all():
        record.written["department"] = department.pk
        record.save()
    other = Department.objects.create(name="地方", slug="difang")
    out = io.StringIO()
    call_command(*args[:-1], "difang", stdout=out)
    assert "kept" not in out.getvalue()
    assert set(Article.objects.values_list("department", flat=True)) == {other.pk}


def test_the_migration_turns_department_ids_into_slugs():
    import importlib

    from django.apps import apps
    from django.db import connection

    department = Department.objects.create(name="要闻", slug="yaowen")
    _import()
    story = Article.objects.get(print_position=1)
    ImportedStory.objects.filter(article=story).update(written={"headline": "甲", "department": department.pk})
    ImportedStory.objects.exclude(article=story).update(written={"headline": "乙", "department": 999999})
    migration = importlib.import_module("articles.migrations.0016_imported_department_slugs")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.forwards(apps, editor)
    assert ImportedStory.objects.get(article=story).written == {"headline": "甲", "department": "yaowen"}
    # A department gone since: nothing to name, so no value the next import could match.
    assert {r.written.get("department") for r in ImportedStory.objects.exclude(article=story)} == {None}


def test_a_story_moved_to_another_day_s_page_is_reported_with_that_day():
    _import()
    story = Article.objects.get(print_position=2)
    edition = Edition.objects.create(publication=story.print_page.edition.publication, date=dt.date(2022, 11, 22))
    story.print_page, story.print_position = PrintPage.objects.create(edition=edition, number=1), 1
    story.save()
    output = _import()
    assert f"{story.headline}: moved by an editor to page 1 of 2022-11-22; left there" in output
    assert Article.objects.filter(headline=story.headline).count() == 1


def test_a_tag_an_editor_removed_stays_removed():
    # A story's tags are printed with it and covered by its review, as its
    # bylines are: the kicker the import tagged it with, once an editor took
    # it off, is not put back by importing the page again.
    _import()
    story = Article.objects.get(print_position=2)
    assert list(story.tags.names()) == ["抗疫日记"]
    story.tags.remove("抗疫日记")
    story.save()
    _import()
    story.refresh_from_db()
    assert list(story.tags.names()) == []


def test_a_story_whose_kicker_an_editor_changed_is_not_tagged_with_the_printed_one():
    _import()
    story = Article.objects.get(print_position=2)
    story.kicker = "战疫纪实"
    story.save()
    story.tags.set(["战疫纪实"])
    _import()
    story.refresh_from_db()
    assert story.kicker == "战疫纪实"
    assert list(story.tags.names()) == ["战疫纪实"]


def test_a_story_an_editor_placed_on_the_page_by_hand_keeps_its_bylines():
    # A story no import wrote (typed in at the desk and placed on the page)
    # is found by the page's text now; with no record of what an import
    # wrote, its fields are the editor's and kept, and so are its bylines:
    # the printed one is not added next to the byline the editor gave it.
    _import()
    story = Article.objects.get(print_position=1)
    ImportedStory.objects.filter(article=story).delete()
    Article.objects.filter(pk=story.pk).update(import_ref=None)
    story.bylines.all().delete()
    Byline.objects.create(article=story, person=make_person(name="编辑部"), role=Byline.Role.REPORTER, position=1)
    count = Article.objects.count()
    _import()
    assert Article.objects.count() == count
    assert list(story.bylines.values_list("person__name", flat=True)) == ["编辑部"]


def test_a_story_an_editor_placed_on_the_page_by_hand_gets_no_printed_tag_or_photo():
    _import()
    diary = Article.objects.get(print_position=2)
    photo_story = Article.objects.get(kind=Article.Kind.PHOTO)
    ImportedStory.objects.filter(article__in=[diary, photo_story]).delete()
    Article.objects.filter(pk__in=[diary.pk, photo_story.pk]).update(import_ref=None)
    diary.tags.clear()
    photo_story.photos.all().delete()
    _import()
    assert list(diary.tags.names()) == []
    assert not photo_story.photos.exists()


def test_a_photo_an_editor_deleted_stays_deleted():
    _import()
    story = Article.objects.get(kind=Article.Kind.PHOTO)
    story.photos.all().delete()
    _import()
    _import()
    assert not story.photos.exists()


def test_a_kicker_read_better_takes_the_place_of_the_misread_one_s_tag(tmp_path):
    # No editor touched the kicker or its tag: the tag follows the kicker the page reads.
    _import(_reading(tmp_path, "(抗疫日记)", "(抗疫日祀)"))
    story = Article.objects.get(print_position=2)
    assert list(story.tags.names()) == ["抗疫日祀"]
    _import()
    story.refresh_from_db()
    assert story.kicker == "抗疫日记"
    assert list(story.tags.names()) == ["抗疫日记"]


def test_a_kicker_read_better_does_not_tag_a_story_whose_kicker_tag_an_editor_took_off(tmp_path):
    _import(_reading(tmp_path, "(抗疫日记)", "(抗疫日祀)"))
    story = Article.objects.get(print_position=2)
    story.tags.clear()
    _import()
    story.refresh_from_db()
    assert story.kicker == "抗疫日记"
    assert list(story.tags.names()) == []
