"""The 导入版面 page: who may use it, and an upload from files to draft stories."""

import codecs
import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, PrintPage
from imports.models import ImportBatch, ImportPage
from imports.upload import confirm_batch, create_batch
from tests.desk.conftest import SEED_TEXT, zip_of
from tests.desk.test_preview import DATE, SMALL_PAGE, imported
from tests.factories import make_department, sign_off

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:imports_importbatch_add")


def _upload(client, *files, follow=False):
    uploads = [SimpleUploadedFile(name, data, content_type="text/plain") for name, data in files]
    return client.post(UPLOAD, {"files": uploads}, follow=follow, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_reporters_may_not_import(client, reporter):
    client.force_login(reporter)
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client, ("a.txt", SEED_TEXT.encode())).status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("who", ["archivist", "editor"])
def test_archivists_and_editors_see_the_desk(client, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(UPLOAD)
    assert response.status_code == 200
    assert "导入版面" in response.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:imports_importbatch_changelist") in index


def test_an_upload_with_a_bad_file_keeps_the_good_ones_and_names_the_bad_one(client, archivist):
    client.force_login(archivist)
    header = "朔州日报 2022年11月21日 星期一 第5版 抗疫一线\n"
    make_department(name="抗疫一线", slug="kangyi-yixian")
    response = _upload(client, ("p5.txt", (header + SEED_TEXT).encode()), ("scan.txt", b"\x00\x01\x02binary"))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.status == ImportBatch.Status.UPLOADED
    [page] = batch.pages.all()
    assert (page.file_name, page.number, page.department.name) == ("p5.txt", 5, "抗疫一线")
    assert (batch.publication, batch.date) == ("朔州日报", dt.date(2022, 11, 21))
    assert batch.rejected_files == [{"name": "scan.txt", "code": "binary", "params": {}}]
    check = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<strong>scan.txt</strong>：这是二进制文件，不是版面的文本" in check and 'value="5"' in check
    english = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>scan.txt</strong>: this is a binary file, not the text of a page" in english


def test_when_no_file_can_be_imported_the_message_gives_each_reason_in_chinese(client, archivist):
    client.force_login(archivist)
    cut = SEED_TEXT.encode()[:-2]
    response = _upload(client, ("scan.txt", b"\x00\x01\x02binary"), ("cut.txt", cut))
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    [message] = response.context["form"].errors["files"]
    line = cut.count(b"\n") + 1
    assert message == (
        "没有可以导入的文件：scan.txt：这是二进制文件，不是版面的文本；"
        f"cut.txt：第 {line} 行：文件在一个字符的中间结束（可能在复制时被截断了）"
    )


def test_a_reason_stored_before_reasons_had_codes_is_shown_as_stored_once_named(client, archivist):
    client.force_login(archivist)
    batch = ImportBatch.objects.create(
        publication="朔州日报",
        date=dt.date(2022, 11, 21),
        created_by=archivist,
        rejected_files=[{"name": "scan.txt", "reason": "scan.txt: this is a binary file, not the text of a page"}],
    )
    check = client.get(batch.get_absolute_url()).content.decode()
    assert "<strong>scan.txt</strong>：this is a binary file, not the text of a page" in check


def test_the_check_fills_the_date_read_from_the_header_into_the_date_picker(client, archivist):
    # A browser's date picker takes only ISO dates: the Chinese admin's own
    # date format (2022/11/21) would leave it empty for the editor to retype.
    client.force_login(archivist)
    _upload(client, ("p5.txt", ("朔州日报 2022年11月21日 星期一 第5版\n" + SEED_TEXT).encode()))
    check = client.get(ImportBatch.objects.get().get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert check["Content-Language"] == "zh-hans"
    assert 'type="date" name="date" value="2022-11-21"' in check.content.decode()


def test_confirming_runs_the_job_and_saves_drafts(client, archivist):
    client.force_login(archivist)
    _upload(client, ("a.txt", SEED_TEXT.encode()))
    batch = ImportBatch.objects.get()
    page = batch.pages.get()
    response = client.post(
        batch.get_absolute_url(),
        {
            "publication": "朔州日报",
            "date": "2022-11-21",
            f"number_{page.pk}": "3",
            f"department_{page.pk}": "",
        },
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    page.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and page.status == ImportPage.Status.DONE, page.error
    print_page = PrintPage.objects.get(edition__date=dt.date(2022, 11, 21), number=3)
    assert page.print_page == print_page
    stories = Article.objects.filter(print_page=print_page)
    assert stories.count() == len(page.result["article_ids"]) > 5
    assert set(stories.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.published().filter(print_page=print_page).exists()

    status = client.get(reverse("admin:imports_importbatch_status", args=[batch.pk])).json()
    assert status["finished"] and (status["done"], status["total"]) == (1, 1)
    assert status["pages"][0]["stories"] == stories.count()


def test_editing_the_edition_details_and_page_numbers(client, editor):
    client.force_login(editor)
    _upload(client, ("edition.zip", zip_of({"01.txt": SEED_TEXT.encode(), "02.txt": SEED_TEXT.encode()})))
    batch = ImportBatch.objects.get()
    one, two = batch.pages.order_by("file_name")
    assert (one.number, two.number) == (1, 2)
    # Two pages cannot share a number.
    response = client.post(
        batch.get_absolute_url(),
        {
            "publication": "朔州晚报",
            "date": "2023-01-02",
            f"number_{one.pk}": "4",
            f"number_{two.pk}": "4",
        },
    )
    assert response.status_code == 200 and "两个文件不能是同一版" in response.content.decode()
    client.post(
        batch.get_absolute_url(),
        {
            "publication": "朔州晚报",
            "date": "2023-01-02",
            f"number_{one.pk}": "2",
            f"number_{two.pk}": "1",
        },
    )
    numbers = PrintPage.objects.filter(edition__publication__name="朔州晚报").values_list("number", flat=True)
    assert sorted(numbers) == [1, 2]
    one.refresh_from_db()
    assert one.number == 2


def test_a_reporter_cannot_read_an_uploads_progress(client, reporter, archivist):
    client.force_login(archivist)
    _upload(client, ("a.txt", SEED_TEXT.encode()))
    batch = ImportBatch.objects.get()
    client.force_login(reporter)
    assert client.get(reverse("admin:imports_importbatch_status", args=[batch.pk])).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 403


CHANGED = SMALL_PAGE.replace("受到居民好评", "居民颇有怨言")


def _published_page(editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == stories.count() > 0
    return {story.pk: story.body for story in stories}


def test_an_archivist_confirming_an_editors_upload_cannot_replace_published_stories(client, archivist, editor):
    # Page 1 is published.
    bodies = _published_page(editor)
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
    page.refresh_from_db()
    assert page.requested_by == archivist and page.status == ImportPage.Status.FAILED and "签发权限" in page.error


def test_an_editor_confirming_an_archivists_upload_may_replace_published_stories(client, archivist, editor):
    bodies = _published_page(editor)
    batch = create_batch(archivist, [("1.txt", CHANGED.encode())])
    page = batch.pages.get()
    client.force_login(editor)
    client.post(batch.get_absolute_url(), {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number})
    page.refresh_from_db()
    assert page.requested_by == editor and page.status == ImportPage.Status.DONE, page.error
    assert any("居民颇有怨言" in Article.objects.get(pk=pk).body for pk in bodies)


def test_sending_an_upload_again_is_the_act_of_whoever_sends_it(client, archivist, editor):
    bodies = _published_page(editor)
    # An editor confirmed a changed page 1, and the queue did not take it.
    batch = create_batch(editor, [("1.txt", CHANGED.encode())])
    page = batch.pages.get()
    confirm_batch(batch, {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number}, editor)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.WAITING
    # An archivist sends it: the job runs with the archivist's permissions.
    client.force_login(archivist)
    client.post(batch.get_absolute_url(), {"resend": "1"})
    page.refresh_from_db()
    assert page.requested_by == archivist and page.status == ImportPage.Status.FAILED
    for pk, body in bodies.items():
        assert Article.objects.get(pk=pk).body == body, "an archivist's resend rewrote a published story"


def test_a_resend_the_queue_does_not_take_leaves_the_upload_to_whoever_it_was_for(
    client, settings, monkeypatch, archivist, editor
):
    from kombu.exceptions import OperationalError

    from imports import jobs

    bodies = _published_page(editor)
    batch = create_batch(editor, [("1.txt", CHANGED.encode())])
    page = batch.pages.get()
    confirm_batch(batch, {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number}, editor)
    # The broker is down when an archivist presses "send again".
    settings.IMPORT_JOBS = "celery"

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(jobs.import_batch, "apply_async", broker_down)
    client.force_login(archivist)
    client.post(batch.get_absolute_url(), {"resend": "1"})
    batch.refresh_from_db()
    page.refresh_from_db()
    assert batch.status == ImportBatch.Status.WAITING
    assert page.requested_by == editor, "a send that never happened made the pages the archivist's"
    # Sent later (a worker starting, the command): the editor's import, as confirmed.
    settings.IMPORT_JOBS = "inline"
    assert jobs.send_waiting() == 1
    page.refresh_from_db()
    assert page.status == ImportPage.Status.DONE, page.error
    assert any("居民颇有怨言" in Article.objects.get(pk=pk).body for pk in bodies)


def test_the_progress_page_sends_a_waiting_upload_only_by_a_post_with_its_token(archivist, editor):
    _published_page(editor)
    batch = create_batch(editor, [("1.txt", CHANGED.encode())])
    page = batch.pages.get()
    confirm_batch(batch, {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number}, editor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(archivist)
    url = reverse("admin:imports_importbatch_status", args=[batch.pk])
    # A GET (which any site can make a desk user's browser send) only reads.
    status = client.get(url).json()
    assert status["status"] == ImportBatch.Status.WAITING and status["stalled"]
    batch.refresh_from_db()
    page.refresh_from_db()
    assert (batch.status, batch.attempts, page.status) == (ImportBatch.Status.WAITING, 0, ImportPage.Status.PENDING)
    # Another site's form has no token.
    assert client.post(url).status_code == 403
    page.refresh_from_db()
    assert page.status == ImportPage.Status.PENDING
    # The progress page's own poll: sent as the one who confirmed it.
    token = re.search(r'data-csrf-token="([^"]+)"', client.get(batch.get_absolute_url()).content.decode())[1]
    assert client.post(url, headers={"X-CSRFToken": token}).json()["status"] == ImportBatch.Status.DONE
    page.refresh_from_db()
    assert page.requested_by == editor and page.status == ImportPage.Status.DONE, page.error


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("空白.txt", b"", "空白.txt：文件是空的"),
        ("bom.txt", b"\xef\xbb\xbf \r\n", "bom.txt：文件是空的"),
        ("big.txt", "字".encode() * 7_000_000, "big.txt：21,000,000 字节"),
        ("scan.txt", bytes(range(256)) * 64, "scan.txt：这是二进制文件，不是版面的文本"),
        ("big5.txt", SEED_TEXT.encode("big5", errors="replace"), "big5.txt：第 3 行：不是 UTF-8 文本"),
        ("utf16.txt", b"\xff\xfe" + b"\x00\xd8" * 40, "utf16.txt：文件开头标明是 UTF-16 文本，但内容不是"),
        ("titles.txt", "第一版要闻\n冲在疫线的政协人\n".encode(), "titles.txt：没有一行正文"),
    ],
    ids=["zero bytes", "a byte-order mark only", "20 MB", "binary", "Big5", "broken UTF-16", "no running text"],
)
def test_an_upload_of_no_page_says_why_in_chinese_and_writes_nothing(client, archivist, name, data, reason):
    client.force_login(archivist)
    response = _upload(client, (name, data))
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有可以导入的文件" in page and reason in page
    assert not ImportBatch.objects.exists() and not ImportPage.objects.exists()


@pytest.mark.parametrize(
    "data",
    [SEED_TEXT.encode("utf-16"), codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be")],
    ids=["little-endian", "big-endian"],
)
def test_a_utf16_page_with_its_byte_order_mark_uploads_as_its_text(client, archivist, data):
    # What Windows Notepad saves as "Unicode": its NUL bytes are not a binary file's.
    client.force_login(archivist)
    response = _upload(client, ("第1版.txt", data))
    [page] = ImportPage.objects.all()
    assert response.status_code == 302 and response["Location"] == page.batch.get_absolute_url()
    assert (page.encoding, page.source_text, page.batch.rejected_files) == ("utf-16", SEED_TEXT, [])


def test_a_page_whose_story_outgrows_a_field_fails_with_its_reason_and_saves_nothing(client, archivist):
    from tests.importer.test_save import LONG_DATELINE

    client.force_login(archivist)
    _upload(client, ("a.txt", LONG_DATELINE.encode()))
    batch = ImportBatch.objects.get()
    page = batch.pages.get()
    data = {"publication": "朔州日报", "date": "2022-11-21", f"number_{page.pk}": "3", f"department_{page.pk}": ""}
    assert client.post(batch.get_absolute_url(), data).status_code == 302
    page.refresh_from_db()
    assert page.status == ImportPage.Status.FAILED
    assert page.error.startswith("版面上第1篇稿件（冬日朔州战疫正酣…）：电头有44个字，超过了它最多能容纳的40个字")
    assert not Article.objects.exists() and not PrintPage.objects.exists()
