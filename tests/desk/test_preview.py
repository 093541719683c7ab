"""The preview: source beside stories, corrections kept with the page, save and publish."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import Article, PrintPage
from imports import jobs
from imports.models import ImportBatch, ImportPage, PageCorrection
from imports.upload import confirm_batch, create_batch
from tests.desk.conftest import SEED_TEXT
from tests.factories import sign_off

pytestmark = pytest.mark.django_db
DATE = dt.date(2022, 11, 21)
SMALL_PAGE = (
    "市商务局干部下沉社区助力疫情防控\n\n本报记者 吕霞\n\n"
    "11月20日，市商务局干部下沉社区，协助开展核酸检测和物资配送工作，受到居民好评。\n\n"
    "平鲁区委组织部做好返平人员排查工作\n\n本报通讯员 杨岗\n\n"
    "连日来，平鲁区委组织部组织干部逐户排查返平人员，确保不漏一户、不漏一人。\n"
)


def imported(user, *texts):
    batch = create_batch(user, [(f"{n}.txt", t.encode()) for n, t in enumerate(texts, start=1)])
    form = {"publication": "朔州日报", "date": DATE}
    form.update({f"number_{p.pk}": p.number for p in batch.pages.all()})
    confirm_batch(batch, form, user)
    jobs.dispatch(batch)
    return batch


def preview_url(page):
    return reverse("admin:imports_importpage_preview", args=[page.pk])


def save_form(page):
    """The preview's save button: it names the revision of the corrections it showed."""
    revision = PageCorrection.objects.filter(print_page=page.print_page).values_list("revision", flat=True).first()
    return {"action": "save", "revision": revision or 0}


def test_the_preview_shows_source_and_stories_coloured_by_role(client, archivist):
    page = imported(archivist, SEED_TEXT).pages.get()
    client.force_login(archivist)
    html = client.get(preview_url(page)).content.decode()
    assert html.count('class="desk-story') == len(page.result["article_ids"])
    for role in ("headline", "byline", "body", "subhead", "caption", "subtitle"):
        assert f"role-{role}" in html
    assert "冲在“疫”线的政协人" in html and "发布本版" not in html  # archivists cannot publish


def test_the_parser_s_warnings_are_shown_in_the_editor_s_language(client, archivist):
    page = imported(archivist, SEED_TEXT).pages.get()
    client.force_login(archivist)
    chinese = client.get(preview_url(page), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "标题仅凭版式推断（旁边没有署名、引题或电头）" in chinese
    assert "接续处是在两个相近的候选中选定的" in chinese
    assert "headline guessed" not in chinese and "close candidates" not in chinese
    english = client.get(preview_url(page), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "headline guessed from its shape alone" in english


def test_a_correction_is_kept_with_the_page_and_applied_when_saved(client, archivist):
    page = imported(archivist, SEED_TEXT).pages.get()
    first, second = page.parsed["items"][0], page.parsed["items"][1]
    moved = first["blocks"][-1]
    client.force_login(archivist)
    response = client.post(
        preview_url(page),
        {
            "op": "move",
            "block": moved["spans"][0]["start"],
            "to": second["spans"]["headline"][0]["start"],
        },
    )
    assert response.status_code == 302
    correction = PageCorrection.objects.get(print_page=page.print_page)
    assert correction.revision == 1 and correction.operations[0]["op"] == "move"
    html = client.get(preview_url(page)).content.decode()
    assert "未保存" in html

    client.post(preview_url(page), save_form(page))
    page.refresh_from_db()
    assert page.status == ImportPage.Status.DONE and page.result["corrections_revision"] == 1
    story_two = Article.objects.get(print_page=page.print_page, print_position=2)
    story_one = Article.objects.get(print_page=page.print_page, print_position=1)
    assert moved["text"][:30] in story_two.body and moved["text"][:30] not in story_one.body
    assert "未保存" not in client.get(preview_url(page)).content.decode()


def test_a_correction_that_cannot_apply_is_refused_with_a_message(client, archivist):
    page = imported(archivist, SEED_TEXT).pages.get()
    client.force_login(archivist)
    response = client.post(preview_url(page), {"op": "role", "line": 2, "role": "banner"}, follow=True)
    assert "这项修改无法进行：未知的角色 &#x27;banner&#x27;" in response.content.decode()
    assert not PageCorrection.objects.exists()


def test_corrections_that_no_longer_apply_are_listed_in_the_editor_s_language(client, archivist):
    page = imported(archivist, SEED_TEXT).pages.get()
    gone = {"op": "split", "block": {"at": 5, "text": "这段文字不在版面上"}}
    PageCorrection.objects.create(print_page=page.print_page, operations=[gone, {"op": "explode"}], revision=1)
    client.force_login(archivist)
    html = client.get(preview_url(page), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "这一段已不在本版上" in html and "未知的操作 &#x27;explode&#x27;" in html
    assert "no longer on the page" not in html and "unknown operation" not in html


def _reimport_with_the_command(page):
    from pathlib import Path

    from django.conf import settings

    seed = Path(settings.BASE_DIR) / "fixtures" / "shuozhou-page-2022-11.txt"
    call_command("import_print_page", str(seed), "--date", "2022-11-21", "--page", str(page.number), verbosity=0)


def _paragraphs(story):
    return story.body.count("<p>") + story.body.count("<h3>")


def test_reimporting_with_the_command_applies_the_saved_corrections_again(client, editor):
    page = imported(editor, SEED_TEXT).pages.get()
    first = page.parsed["items"][0]
    client.force_login(editor)
    client.post(preview_url(page), {"op": "split", "block": first["blocks"][3]["spans"][0]["start"]})
    client.post(preview_url(page), save_form(page))
    path = PrintPage.objects.get(pk=page.print_page_id)
    before = Article.objects.filter(print_page=path).count()
    _reimport_with_the_command(page)
    assert Article.objects.filter(print_page=path).count() == before
    assert _paragraphs(Article.objects.get(print_page=path, print_position=1)) == 3


def test_reimporting_with_the_command_leaves_a_correction_no_save_accepted_waiting(client, editor):
    page = imported(editor, SEED_TEXT).pages.get()
    first = page.parsed["items"][0]
    client.force_login(editor)
    client.post(preview_url(page), {"op": "split", "block": first["blocks"][3]["spans"][0]["start"]})
    path = PrintPage.objects.get(pk=page.print_page_id)
    before = Article.objects.filter(print_page=path).count()
    paragraphs = _paragraphs(Article.objects.get(print_page=path, print_position=1))
    _reimport_with_the_command(page)
    assert Article.objects.filter(print_page=path).count() == before, "the desk applies it only once saved"
    assert _paragraphs(Article.objects.get(print_page=path, print_position=1)) == paragraphs > 3
    correction = PageCorrection.objects.get(print_page=path)
    assert len(correction.operations) == 1 and correction.accepted == [], "it waits for a save, kept"


def test_publishing_needs_the_publish_permission_and_saved_corrections(client, archivist, editor):
    page = imported(archivist, SEED_TEXT).pages.get()
    client.force_login(archivist)
    assert client.post(preview_url(page), {"action": "publish"}).status_code == 403
    assert not Article.objects.published().exists()

    client.force_login(editor)
    client.post(preview_url(page), {"op": "split", "block": page.parsed["items"][0]["blocks"][3]["spans"][0]["start"]})
    response = client.post(preview_url(page), {"action": "publish"}, follow=True)
    assert "请先保存" in response.content.decode() and not Article.objects.published().exists()
    client.post(preview_url(page), save_form(page))
    response = client.post(preview_url(page), {"action": "publish"}, follow=True)
    assert "须先经审稿签发" in response.content.decode() and not Article.objects.published().exists()
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    client.post(preview_url(page), {"action": "publish"})
    assert stories.count() == stories.filter(status=Article.Status.PUBLISHED).count() > 0
    assert all(s.status_changes.filter(user=editor).exists() for s in stories)


def test_an_archivist_cannot_reimport_over_published_stories(client, archivist, editor):
    page = imported(editor, SEED_TEXT).pages.get()
    client.force_login(editor)
    for story in Article.objects.filter(print_page=page.print_page):
        sign_off(story)
    client.post(preview_url(page), {"action": "publish"})
    batch = imported(archivist, SEED_TEXT)
    again = batch.pages.get()
    assert again.status == ImportPage.Status.FAILED and "签发权限" in again.error
    client.force_login(archivist)
    client.post(preview_url(page), save_form(page))
    page.refresh_from_db()
    assert page.status == ImportPage.Status.FAILED and "签发权限" in page.error


def _published(page, editor):
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == stories.count() > 0
    return {story.pk: story.body for story in stories}


def test_reimport_judges_the_stories_it_writes_not_only_those_on_the_page(archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    bodies = _published(page, editor)
    # An editor takes the published stories off the print page (the print
    # placement was wrong); they keep their import reference.
    Article.objects.filter(pk__in=bodies).update(print_page=None, print_position=None)
    # An archivist imports the page again.
    batch = imported(archivist, SMALL_PAGE.replace("受到居民好评", "居民颇有怨言"))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert "签发权限" in batch.pages.get().error
    for pk, body in bodies.items():
        story = Article.objects.get(pk=pk)
        assert story.body == body, "an archivist's import rewrote a published story"
        assert story.status == Article.Status.PUBLISHED


def test_reimport_by_an_archivist_never_deletes_a_published_story(archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    bodies = _published(page, editor)
    Article.objects.filter(pk__in=bodies).update(print_page=None, print_position=None)
    # The page again with one story fewer: the importer deletes the one gone.
    one_story = SMALL_PAGE.split("平鲁区委组织部")[0]
    imported(archivist, one_story)
    assert Article.objects.filter(pk__in=bodies).count() == len(bodies), "an archivist's import deleted a story"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_stories_on_a_page_or_the_pages(client, editor):
    small = imported(editor, SMALL_PAGE).pages.get()
    big_batch = imported(editor, SEED_TEXT, SEED_TEXT, SEED_TEXT)
    big = big_batch.pages.order_by("number").first()
    assert len(big.result["article_ids"]) > 3 * len(small.result["article_ids"])
    client.force_login(editor)
    client.get(preview_url(small))  # warm the session and permission caches alike
    assert _queries(client, preview_url(small)) == _queries(client, preview_url(big))
    assert _queries(client, small.batch.get_absolute_url()) == _queries(client, big_batch.get_absolute_url())
    status = "admin:imports_importbatch_status"
    assert _queries(client, reverse(status, args=[small.batch_id])) == _queries(
        client, reverse(status, args=[big_batch.pk])
    )


def test_an_archivists_unsaved_correction_does_not_ride_an_editors_reimport_onto_published_stories(
    client, archivist, editor
):
    from imports.corrections import item_start

    page = imported(editor, SMALL_PAGE).pages.get()
    _published(page, editor)
    story = Article.objects.get(print_page=page.print_page, print_position=1)
    assert [b.display_name for b in story.bylines.all()] == ["吕霞"]
    # The archivist may keep corrections with the page, never save them over
    # its published stories (the save is judged and refused).
    client.force_login(archivist)
    response = client.post(
        preview_url(page),
        {"op": "byline", "item": item_start(page.parsed["items"][0]), "index": 0, "name": "王某", "role": "reporter"},
    )
    assert response.status_code == 302 and PageCorrection.objects.get(print_page=page.print_page).operations

    # An editor uploads and confirms the same page again: nothing on the
    # confirm page tells them of a correction they never saw.
    imported(editor, SMALL_PAGE)

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert [b.display_name for b in story.bylines.all()] == ["吕霞"]
