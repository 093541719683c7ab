"""A reader walks the site in a real browser, on a phone and on a desktop."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, Byline
from tests.factories import (
    make_article,
    make_byline,
    make_department,
    make_edition,
    make_mention,
    make_person,
    make_photo,
    make_print_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")

BODY = (
    "<p>11月20日清晨，市政协机关的干部们早早来到社区，协助开展核酸检测、物资配送和入户排查工作。"
    "他们说，越是困难的时候，越要冲在前面。</p>"
    "<h2>下沉一线</h2>"
    "<p>“我们是政协委员，也是社区的一员。”市政协机关副秘书长赵卫东一边整理登记表，一边对记者说。"
    "连日来，机关共有六十余名干部分赴十二个社区，与社区工作者并肩值守。</p>"
)


@pytest.fixture
def newsroom():
    news, society = make_department(name="要闻", order=1), make_department(name="社会", order=2)
    reporter = make_person(name="张国强", on_staff=True, description="本报记者")
    photographer = make_person(name="王汉平", on_staff=True)
    official = make_person(name="赵卫东")
    page = make_print_page(make_edition(), number=2, title="抗疫一线")
    lead = make_article(
        department=news,
        kicker="抗疫日记",
        headline="冲在“疫”线的政协人",
        subtitle="市政协机关干部下沉社区纪实",
        summary="市政协机关六十余名干部分赴十二个社区，与社区工作者并肩值守。",
        dateline="本报讯",
        body=BODY,
        tags=["抗疫", "政协"],
        publish_at=datetime(2022, 11, 21, 8, 0, tzinfo=SHANGHAI),
        print_page=page,
        print_position=1,
    )
    make_byline(lead, reporter, role=Byline.Role.REPORTER)
    make_byline(lead, photographer, role=Byline.Role.PHOTOGRAPHER)
    make_byline(lead, None, credit="市纪委监委", role=Byline.Role.CREDIT)
    make_mention(lead, official, title="市政协机关副秘书长")
    make_photo(lead, caption="市政协机关干部在社区协助核酸检测。", credit="王汉平")
    make_photo(lead, image=False, caption="志愿者为居民配送生活物资。")
    for n, department in enumerate([news, society, society]):
        other = make_article(
            department=department,
            headline=f"社区防控工作有序开展（{n + 1}）",
            tags=["抗疫"],
            summary="各社区严格落实防控措施。",
            publish_at=datetime(2022, 11, 20, 9 + n, 0, tzinfo=SHANGHAI),
        )
        make_byline(other, reporter, role=Byline.Role.REPORTER)
        make_mention(other, official, title="市政协机关副秘书长")
    make_article(headline="尚未发布的草稿", department=news, status=Article.Status.DRAFT)
    return {"lead": lead, "news": news, "reporter": reporter, "official": official, "edition": page.edition}


def test_reader_walks_home_department_story_person_tag_feed(page, screenshot, assert_accessible, newsroom):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", name="冲在“疫”线的政协人").is_visible()
    assert page.get_by_role("search").is_visible()
    assert page.get_by_text("尚未发布的草稿").count() == 0
    screenshot("1-home")
    assert_accessible("home")

    page.get_by_role("navigation", name="栏目").get_by_role("link", name="要闻").click()
    page.wait_for_url("**/section/yao-wen/")
    assert page.get_by_role("heading", level=1, name="要闻").is_visible()
    screenshot("2-department")
    assert_accessible("department")

    page.get_by_role("link", name="冲在“疫”线的政协人").click()
    page.wait_for_url("**/story/**")
    assert page.get_by_role("heading", level=1).inner_text() == "冲在“疫”线的政协人"
    byline = page.locator(".byline")
    assert "记者 张国强" in byline.inner_text()
    assert "王汉平 摄" in byline.inner_text()
    assert "市纪委监委提供" in byline.inner_text()
    assert page.get_by_text("2022年11月21日 08:00").is_visible()
    image = page.locator("figure.photo img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "photo did not load"
    assert page.get_by_text("志愿者为居民配送生活物资。").is_visible()
    screenshot("3-story")
    assert_accessible("story")

    # Keyboard: the skip link is the first stop and is visible when focused.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()

    page.locator(".people-in-story").get_by_role("link", name="赵卫东").click()
    page.wait_for_url("**/people/**")
    assert page.get_by_role("heading", level=1, name="赵卫东").is_visible()
    assert page.get_by_text("市政协机关副秘书长").first.is_visible()
    screenshot("4-person")
    assert_accessible("person")

    page.go_back()
    page.locator(".tags").get_by_role("link", name="抗疫").click()
    page.wait_for_url("**/tag/**")
    assert page.get_by_role("heading", level=1, name="抗疫").is_visible()
    assert page.locator(".story-item").count() == 4
    screenshot("5-tag")
    assert_accessible("tag")

    response = page.request.get(page.get_by_role("link", name="RSS").first.get_attribute("href"))
    assert response.ok and "冲在“疫”线的政协人" in response.text()
    assert response.headers["content-type"].startswith("application/rss+xml")


def test_other_pages_are_accessible(page, screenshot, assert_accessible, newsroom):
    edition = newsroom["edition"]
    for step, url in [
        ("archive", "/archive/2022/11/"),
        ("edition", f"/print/{edition.publication.slug}/2022/11/21/"),
        ("not-found", "/story/no-such-story/"),
    ]:
        page.goto(url)
        assert page.locator("h1").first.is_visible()
        screenshot(step)
        assert_accessible(step)
