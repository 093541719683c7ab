"""The import desk (imports/) in a real browser: upload, wait for the job, correct, merge people, publish, read."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from imports.models import ImportBatch
from imports.upload import confirm_batch, create_batch
from people.models import Person
from tests.browser.conftest import ARTIFACTS, AXE
from tests.desk.edition_pages import CONTINUATION, JOINED_HEADLINE, PAGE_ONE, PAGE_TWO
from tests.factories import sign_off

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = "fixtures/shuozhou-page-2022-11.txt"


@pytest.fixture
def desk(chromium, live_server, settings, tmp_path):
    # Jobs run as `make run` runs them without Redis: in a thread, after the response.
    settings.IMPORT_JOBS = "thread"
    user = User.objects.create_user("editor", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.violations.append(msg.text))
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.files = tmp_path
    yield page
    context.close()


def _accessible(page, label):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"  {v['impact']}: {v['id']} — {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"axe on {label} ({page.url}):\n{details}"


def _upload(page, paths, date):
    page.goto("/admin/imports/importbatch/add/")
    _accessible(page, "upload")
    page.set_input_files("#id_files", [str(p) for p in paths])
    page.click("input[type=submit]")
    page.wait_for_selector("text=开始导入")
    _accessible(page, "confirm")
    page.fill("#id_date", date)
    page.click("input[name=start]")
    # The progress page polls without reloading until the job is done.
    page.wait_for_selector("body[data-import-status=done]", timeout=120_000)
    _accessible(page, "progress")
    return ImportBatch.objects.order_by("-pk").first()


def test_the_progress_page_sends_a_stalled_upload_again_by_a_post(desk):
    """The job of a process that restarted mid-job (queued, in no thread here):
    the progress page's poll sends it again, with the page's CSRF token."""
    editor = User.objects.get(username="editor")
    batch = create_batch(editor, [("1.txt", PAGE_ONE.encode())])
    confirm_batch(batch, {"publication": "朔州日报", "date": "2022-11-22", f"number_{batch.pages.get().pk}": 1}, editor)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    desk.goto(f"/admin/imports/importbatch/{batch.pk}/change/")
    desk.wait_for_selector("body[data-import-status=done]", timeout=60_000)
    assert Article.objects.filter(print_page__edition__date="2022-11-22").exists()
    assert desk.violations == []


def test_an_editor_imports_corrects_publishes_and_reads_it_on_the_site(desk):
    page = desk
    one, two = page.files / "p1.txt", page.files / "p2.txt"
    one.write_text(PAGE_ONE, encoding="utf-8")
    two.write_text(PAGE_TWO, encoding="utf-8")
    edition = _upload(page, [one, two], "2022-11-22")
    assert sorted(edition.pages.values_list("number", flat=True)) == [1, 2]
    assert page.locator("#desk-count").inner_text() == "2 / 2"
    # The story continued on page 2 is joined where it starts; page 2 says where its text went.
    start_page, _ = edition.pages.order_by("number")
    page.goto(f"/admin/imports/importbatch/page/{start_page.pk}/")
    joined = page.locator("#story-1")
    assert "跨版接续：下接第2版" in joined.inner_text() and CONTINUATION in joined.inner_text()
    _accessible(page, "edition preview, page 1")
    page.click("text=看第2版原文")
    page.wait_for_selector(".desk-joined")
    assert "已并入第1版的稿件" in page.locator(".desk-joined").inner_text()
    assert page.locator(".desk-story").count() == 1
    _accessible(page, "edition preview, page 2")

    batch = _upload(page, [SEED], "2022-11-21")
    imported = batch.pages.get()
    page.click("a.page-preview")
    page.wait_for_selector(".desk-story")
    # The preview at its widest, as the README shows it: the admin's navigation folded away.
    page.click("#toggle-nav-sidebar")
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-preview-desktop.png"), full_page=False)
    _accessible(page, "preview")

    # Move the first story's last paragraph to the second story.
    first = page.locator("#story-1")
    moved = first.locator(".part p").last.inner_text()
    form = first.locator("form:has(input[name=op][value=move])").last
    target = form.locator("option", has_text="稿件 2：").get_attribute("value")
    form.locator("select[name=to]").select_option(value=target)
    form.locator("button").click()
    page.wait_for_selector("text=未保存")
    assert moved in page.locator("#story-2").inner_text()
    page.screenshot(path=str(ARTIFACTS / "desk-preview-corrected-desktop.png"), full_page=False)
    page.click("text=保存为草稿")
    page.wait_for_selector("body[data-import-status=done]", timeout=120_000)
    # The review chain's sign-off (tested in tests/browser/test_review_chain.py) comes first.
    for story in Article.objects.filter(print_page__pk=imported.print_page_id):
        sign_off(story)
    page.goto(f"/admin/imports/importbatch/page/{imported.pk}/")
    page.click("text=发布本版")
    page.wait_for_selector("text=已发布本版")
    story_two = Article.objects.get(print_page__pk=imported.print_page_id, print_position=2)
    assert story_two.status == Article.Status.PUBLISHED

    # The edition's first page published too: its story joined across the pages.
    for story in Article.objects.filter(print_page__pk=start_page.print_page_id):
        sign_off(story)
    page.goto(f"/admin/imports/importbatch/page/{start_page.pk}/")
    page.click("text=发布本版")
    page.wait_for_selector("text=已发布本版")
    joined_story = Article.objects.get(print_page__pk=start_page.print_page_id)
    assert joined_story.status == Article.Status.PUBLISHED

    # Two people who are one: merge, then the old page redirects.
    mentioned = Person.objects.filter(mentions__article__print_page__pk=imported.print_page_id).distinct()
    keep, gone = mentioned[0], mentioned[1]
    page.goto("/admin/imports/importbatch/people/")
    _accessible(page, "people queue")
    page.goto(f"/admin/imports/importbatch/people/{gone.pk}/")
    _accessible(page, "person")
    page.fill("#merge-into", keep.slug)
    page.click("form:has(#merge-into) button")
    page.wait_for_selector("text=已合并到")
    page.goto("/admin/imports/importbatch/people/")
    page.click(f"#mention-{keep.mentions.first().pk} button[value=confirm]") if keep.mentions.filter(
        confirmed=False
    ).exists() else None

    # The reader's site: the corrected story, and the merged person's old address.
    page.goto(story_two.get_absolute_url())
    assert moved[:20] in page.locator("body").inner_text()
    page.goto(joined_story.get_absolute_url())
    body = page.locator("body").inner_text()
    assert JOINED_HEADLINE in body and CONTINUATION in body
    response = page.goto(f"/people/{gone.slug}/")
    assert f"/people/{keep.slug}/" in page.url
    assert response.status == 200
    assert page.violations == []
