"""The review chain in the admin: the queue, the steps on a story's page,
the counts on the index, the sign-off of a page; query counts stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from review import steps
from review.models import Event, Review, WordListEntry
from tests.factories import make_department, make_edition, make_print_page

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:review_queue_changelist")


def _submitted(reporter, n, prefix="待审稿件", **kw):
    stories = []
    for i in range(n):
        article = Article.objects.create(
            headline=f"{prefix}{i}", body=f"<p>第{i}篇,有半角逗号。</p>", created_by=reporter, updated_by=reporter, **kw
        )
        steps.submit(article, reporter)
        stories.append(article)
    return stories


def _act(client, article, action, **data):
    return client.post(reverse("admin:review_act", args=[article.pk]), {"action": action, **data})


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_lists_what_waits_for_me_with_stage_department_age_and_checks(client, reporter, desk, head):
    department = make_department(name="社会新闻")
    (mine,) = _submitted(reporter, 1, department=department)
    client.force_login(desk)
    page = client.get(QUEUE).content.decode()
    assert mine.headline in page and "初审" in page and "社会新闻" in page and "差错率万分之" in page
    client.force_login(head)
    assert mine.headline not in client.get(QUEUE).content.decode()
    steps.pass_stage(mine, desk)
    assert mine.headline in client.get(QUEUE).content.decode()
    client.force_login(desk)
    assert mine.headline not in client.get(QUEUE).content.decode()


def test_the_queue_filters_and_sorts(client, reporter, desk):
    a = make_department(name="要闻")
    _submitted(reporter, 1, department=a)
    _submitted(reporter, 1)
    client.force_login(desk)
    page = client.get(QUEUE, {"article__department__id__exact": a.pk, "o": "-4"}).content.decode()
    assert "待审稿件0" in page and "待审稿件1" not in page


def test_queue_and_index_query_counts_do_not_grow_with_the_stories(client, reporter, desk):
    client.force_login(desk)
    _submitted(reporter, 1)
    one = _queries(client, QUEUE), _queries(client, reverse("admin:index"))
    _submitted(reporter, 30)
    many = _queries(client, QUEUE), _queries(client, reverse("admin:index"))
    assert one == many


def test_the_index_counts_stories_per_stage(client, reporter, desk):
    stories = _submitted(reporter, 3)
    steps.pass_stage(stories[0], desk)
    client.force_login(desk)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="review-stage-counts"' in page
    assert '<th scope="row">初审 <small>三审（默认）</small></th><td>2</td>' in page
    assert '<th scope="row">复审 <small>三审（默认）</small></th><td>1</td>' in page


def test_the_story_page_shows_findings_in_place_and_takes_the_steps(client, reporter, desk, head):
    (story,) = _submitted(reporter, 1)
    client.force_login(desk)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert '<mark class="finding finding-halfwidth-punctuation"' in page and "半角标点" in page
    assert "(责任编辑)" in page and "Desk editor" not in page
    assert 'id="review-pass"' in page
    _act(client, story, "pass")
    assert Review.objects.get(article=story).stage.name == "复审"
    client.force_login(head)
    _act(client, story, "return", reason="")
    assert Review.objects.get(article=story).stage.name == "复审"
    _act(client, story, "return", reason="请核实数据")
    story.refresh_from_db()
    assert story.status == "draft"
    event = Event.objects.filter(article=story, action="return").get()
    assert (event.user, event.stage.name, event.reason) == (head, "复审", "请核实数据")


def test_the_panel_says_why_a_user_may_not_pass(client, reporter, allrounder):
    (story,) = _submitted(reporter, 1)
    steps.pass_stage(story, allrounder)
    client.force_login(allrounder)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="review-refusal"' in page and 'id="review-pass"' not in page
    _act(client, story, "pass")
    assert Review.objects.get(article=story).stage.name == "复审"


def test_an_edit_after_a_pass_shows_the_diff_to_the_reviewer(client, reporter, desk):
    (story,) = _submitted(reporter, 1)
    steps.pass_stage(story, desk)
    story.body = "<p>改写后的正文。</p>"
    story.updated_by = reporter
    story.save()
    client.force_login(desk)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="review-diff"' in page and "<ins>" in page


def test_a_page_is_signed_off_at_once_and_the_rest_listed(client, reporter, desk, head, chief):
    page = make_print_page(make_edition())
    ready = _submitted(reporter, 2, print_page=page)
    for story in ready:
        steps.pass_stage(story, desk)
        steps.pass_stage(story, head)
    (waiting,) = _submitted(reporter, 1, prefix="初审中", print_page=page)
    WordListEntry.objects.create(word="第1篇", kind="banned")
    client.force_login(chief)
    url = reverse("admin:review_sign_off")
    assert ready[0].headline in client.get(url, {"page": page.pk}).content.decode()
    response = client.post(url, {"page": page.pk}, follow=True)
    statuses = dict(Article.objects.filter(print_page=page).values_list("headline", "status"))
    assert statuses == {"待审稿件0": "published", "待审稿件1": "review", waiting.headline: "review"}
    text = response.content.decode()
    assert "拦截项" in text and "尚未到签发" in text


def test_the_audit_of_steps_names_its_columns_in_chinese(client, reporter, desk):
    (story,) = _submitted(reporter, 1)
    event = Event.objects.get(article=story)
    client.force_login(desk)
    for url in [
        reverse("admin:review_event_changelist"),
        reverse("admin:review_event_change", args=[event.pk]),
    ]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert story.headline in page
        assert ">Article<" not in page and ">Article:<" not in page
