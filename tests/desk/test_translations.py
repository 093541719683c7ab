"""The desk speaks the admin's language: Chinese by default (as it always has), English when the browser asks."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from imports.layout import ROLE_LABELS
from imports.models import ImportBatch
from review import steps
from tests.desk.conftest import SEED_TEXT
from tests.desk.edition_pages import PAGE_ONE, PAGE_TWO
from tests.desk.test_preview import imported, preview_url
from tests.factories import make_user

pytestmark = pytest.mark.django_db
CHINESE_UI = ["保存为草稿", "解析出的稿件", "移动这段", "跨版接续：下接第2版", "原文", "改角色", "篇 · 已做 0 处修改"]
ENGLISH_UI = ["Save as drafts", "Stories parsed", "Move this paragraph", "Joined across pages: continued on page 2"]


def _pages(client, language):
    batch = imported(client.editor, PAGE_ONE, PAGE_TWO)
    one = batch.pages.order_by("number").first()
    urls = [
        reverse("admin:imports_importbatch_add"),
        batch.get_absolute_url(),
        preview_url(one),
        reverse("admin:imports_people"),
    ]
    return {url: client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode() for url in urls}


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    client.editor = editor
    return client


def test_the_desk_is_in_chinese_by_default(signed_in):
    upload, progress, preview, people = _pages(signed_in, "zh-hans").values()
    assert "上传并检查" in upload and "版面文件" in upload
    assert "预览和修改" in progress and "2 / 2 版已导入" in progress and "上传者" in progress
    for text in CHINESE_UI:
        assert text in preview, text
    assert "Save as drafts" not in preview and "Stories parsed" not in preview
    assert "人物核对" in people and "原句" in people and "确认" in people
    assert "预览：朔州日报 2022-11-21 第1版" in preview


def test_the_desk_is_in_english_when_the_browser_asks(signed_in):
    upload, progress, preview, people = _pages(signed_in, "en").values()
    assert "Upload and check" in upload and "Page files" in upload
    assert "Preview and correct" in progress
    for text in ENGLISH_UI:
        assert text in preview, text
    assert str(ROLE_LABELS["headline"]) == "Headline"
    # Nothing of the desk's own interface is left in Chinese: only the page's text and what the parser stored.
    chrome = re.sub(r'<div class="desk-source-text".*?</div>', "", preview, flags=re.S)
    for text in CHINESE_UI:
        assert text not in chrome, text
    assert "People review" in people and "Sentence" in people and "原句" not in people


# Django's own interface words that its Chinese catalogue leaves in English
# (table headers for screen readers, an icon's alt text): not the project's.
DJANGOS_OWN = {"Add link", "Change or view list link", "Model name", "Search", "True", "False"}
# Data, not interface: user names, file names and formats, an encoding, the story's import reference.
DATA = re.compile(r"[\w.-]*\.txt\b|\bzip\b|\butf-8\b|shuo-zhou-ri-bao|\b(?:desk|reporter)\b")
LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]+(?:[ ,:;()]+[A-Za-z][A-Za-z'-]*)*")


def _english_of_ours(html: str) -> set[str]:
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->|<svg.*?</svg>", " ", html)
    # A finding names its rule's code beside its Chinese name on purpose: the code is what the settings use.
    html = re.sub(r'(<sup class="rule">[^<(]*)\([a-z-]+\)', r"\1", html)
    labels = re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    text = re.sub(r"(?s)<[^>]+>", "\n", html)
    found = set()
    for line in [*text.split("\n"), *labels]:
        for words in LATIN_WORDS.findall(DATA.sub(" ", unescape(line))):
            if len(words) > 2 and words not in DJANGOS_OWN:
                found.add(words)
    return found


def _scan():
    return SimpleUploadedFile("scan.txt", b"\x00\x01binary", content_type="text/plain")


def test_an_editor_walking_the_desk_and_the_review_chain_in_chinese_meets_no_english_of_ours(client, reporter):
    desk = make_user("Editor", "desk")
    desk.groups.add(Group.objects.get(name="Desk editor"))
    client.force_login(desk)
    add = reverse("admin:imports_importbatch_add")
    # An upload of no page comes back to the form saying why; one with a page lists the refused file on its check.
    nothing = client.post(add, {"files": [_scan()]}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert nothing.status_code == 200 and "没有可以导入的文件" in nothing.content.decode()
    assert not _english_of_ours(nothing.content.decode())
    good = SimpleUploadedFile("page.txt", SEED_TEXT.encode(), content_type="text/plain")
    client.post(add, {"files": [_scan(), good]})
    refused = ImportBatch.objects.get()
    assert refused.rejected_files and refused.pages.exists()
    page = imported(desk, SEED_TEXT).pages.get()
    story = Article.objects.filter(print_page=page.print_page).order_by("print_position").first()
    story.created_by = reporter
    story.save()
    steps.submit(story, reporter)
    urls = [
        reverse("admin:index"),
        reverse("admin:imports_importbatch_add"),
        refused.get_absolute_url(),
        page.batch.get_absolute_url(),
        preview_url(page),
        reverse("admin:imports_people"),
        reverse("admin:review_queue_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
    ]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        english = _english_of_ours(response.content.decode())
        assert not english, (url, english)
