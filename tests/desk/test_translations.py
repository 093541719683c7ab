"""The desk speaks the admin's language: Chinese by default (as it always has), English when the browser asks."""

import re

import pytest
from django.urls import reverse

from imports.layout import ROLE_LABELS
from tests.desk.edition_pages import PAGE_ONE, PAGE_TWO
from tests.desk.test_preview import imported, preview_url

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
