"""One story through 三审 in a real browser: reporter → 初审 → 复审 → 终审/签发 →
published, by three different people, with a return for rework, an override
of a blocking check, and the same person refused a second stage."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from review.models import Event, WordListEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def _user(username, *groups):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def login(chromium, live_server):
    contexts = []

    def as_user(username):
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="zh-CN"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield as_user
    for context in contexts:
        context.close()


def _open(page, story):
    page.goto(f"/admin/articles/article/{story.pk}/change/")


def _step(page, button, reason=None, to_stage=None):
    if reason is not None:
        page.fill("#review-reason", reason)
    if to_stage is not None:
        page.select_option("#review-to-stage", label=to_stage)
    # Each step posts and comes back to the story's page: wait for that page, not the one clicked on.
    with page.expect_navigation():
        page.click(button)


def test_a_story_through_the_review_chain_by_three_people(login):
    _user("reporter", "Reporter")
    _user("desk", "Editor", "Desk editor", "Department head")
    _user("head", "Editor", "Department head")
    _user("chief", "Editor", "Editor-in-chief")
    WordListEntry.objects.create(word="老外", kind="banned", preferred="外国人", note="不尊重")
    reporter = User.objects.get(username="reporter")
    story = Article.objects.create(
        headline="社区来了新志愿者",
        created_by=reporter,
        updated_by=reporter,
        body="<p>一位在朔州工作的老外也加入了志愿者队伍，大家都很感动。</p>",
    )

    page = login("reporter")
    _open(page, story)
    _step(page, "#review-submit")
    assert "初审" in page.inner_text("#review-state")

    desk = login("desk")
    desk.goto("/admin/review/queue/")
    with desk.expect_navigation():
        desk.click("text=社区来了新志愿者")
    assert desk.locator("mark.finding-banned-word").inner_text() == "老外"
    assert "禁用词" in desk.inner_text("#proofreading")
    _step(desk, "#review-pass")
    assert "复审" in desk.inner_text("#review-state")
    # The same person, although in the 复审 group too, may not pass a second stage.
    assert desk.locator("#review-pass").count() == 0
    assert "须由另一人通过" in desk.inner_text("#review-refusal")
    desk.goto("/admin/review/queue/")
    assert "社区来了新志愿者" not in desk.inner_text("#content")

    head = login("head")
    _open(head, story)
    _step(head, "#review-return", reason="请补充志愿者的姓名")
    story.refresh_from_db()
    assert story.status == "draft"

    _open(page, story)
    assert "请补充志愿者的姓名" in page.inner_text("#review-history")
    _step(page, "#review-submit")
    _open(desk, story)
    _step(desk, "#review-pass")
    _open(head, story)
    _step(head, "#review-pass")

    chief = login("chief")
    _open(chief, story)
    _step(chief, "#review-pass")
    assert "拦截项" in chief.inner_text(".messagelist")
    story.refresh_from_db()
    assert story.status == "review"
    chief.fill("#review-override-reason", "引用当事人原话，保留")
    with chief.expect_navigation():
        chief.click("#review-override")
    _step(chief, "#review-pass")
    story.refresh_from_db()
    assert story.status == "published" and story.is_public

    passes = list(
        Event.objects.filter(article=story, action="pass", void=False).values_list("stage__name", "user__username")
    )
    assert passes == [("初审", "desk"), ("复审", "head"), ("终审/签发", "chief")]
    assert Event.objects.get(article=story, action="override").user.username == "chief"
    reader = login("reporter")
    reader.goto(story.get_absolute_url())
    assert "社区来了新志愿者" in reader.inner_text("h1")
