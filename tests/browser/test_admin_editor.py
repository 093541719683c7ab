"""The editors' desk in a real browser, under the production Content Security Policy."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(chromium, live_server):
    user = User.objects.create_user("editor", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.violations.append(msg.text))
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    yield page
    context.close()


def _wait_until_ckeditor_is_ready(page, seconds=20):
    # Polled from here: page.wait_for_function evaluates its predicate with
    # eval(), which this page's CSP (rightly) forbids.
    ready = "!!(window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready')"
    for _ in range(seconds * 10):
        if page.evaluate(ready):
            return
        page.wait_for_timeout(100)
    raise AssertionError("CKEditor did not become ready")


def test_an_editor_writes_a_story_in_ckeditor_and_saves_it(editor_page):
    page = editor_page
    page.goto("/admin/articles/article/add/")
    _wait_until_ckeditor_is_ready(page)
    page.fill("#id_headline", "浏览器里写的稿件")
    # Typing into the editing area and using a toolbar button both need CKEditor's inline handlers.
    frame = page.frame_locator("iframe.cke_wysiwyg_frame")
    frame.locator("body").click()
    page.keyboard.type("冬日的朔州，凉风打脸。")
    page.click("a.cke_button__bold")
    page.keyboard.type("加粗")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(headline="浏览器里写的稿件")
    assert "冬日的朔州" in article.body and "<strong>加粗</strong>" in article.body
    assert page.violations == []
