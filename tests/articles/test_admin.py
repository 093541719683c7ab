"""The editors' admin as a person uses it: forms, inlines, actions, permissions."""

import pytest
from django.urls import reverse

from articles.models import Article, Byline, Department
from people.models import Person
from tests.factories import make_article, make_user, sign_off

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("Editor", "editor"))
    return client


@pytest.fixture
def reporter_client(client):
    client.force_login(make_user("Reporter", "reporter"))
    return client


def _inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _article_form(**overrides):
    data = {
        "kicker": "",
        "headline": "朔城公安“温情”守护群众受好评",
        "subtitle": "",
        "kind": "story",
        "department": "",
        "tags": "",
        "dateline": "",
        "summary": "",
        "body": "<p>警察同志，我母亲刚做完手术。</p>",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "slug": "",
        "print_page": "",
        "print_position": "",
    }
    data.update(_inline_management("bylines"))
    data.update(_inline_management("photos"))
    data.update(_inline_management("mentions"))
    data.update(_inline_management("status_changes"))
    data.update(overrides)
    return data


def test_editor_creates_tags_bylines_and_publishes_a_story_through_the_admin(editor_client):
    department = Department.objects.create(name="社会")
    reporter = Person.objects.create(name="武跃林", on_staff=True)
    data = _article_form(
        department=str(department.pk),
        tags="公安, 抗疫",
        status="published",
        publish_at_0="2022-11-21",
        publish_at_1="08:00:00",
        **_inline_management("bylines", total=2),
    )
    data.update(
        {
            "bylines-0-position": "1",
            "bylines-0-role": "reporter",
            "bylines-0-person": str(reporter.pk),
            "bylines-0-credit": "",
            "bylines-1-position": "2",
            "bylines-1-role": "credit",
            "bylines-1-person": "",
            "bylines-1-credit": "朔城公安分局",
        }
    )
    # Publishing needs the review chain's sign-off: a story is written first,
    # signed off, then published (the chain itself: tests/review/).
    assert editor_client.post(ADD_URL, data).status_code == 200 and not Article.objects.exists()
    data["status"] = "draft"
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    sign_off(Article.objects.get())
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [Article.objects.get().pk]},
    )
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at.isoformat() == "2022-11-21T00:00:00+00:00"  # 08:00 in Asia/Shanghai
    assert sorted(article.tags.names()) == ["公安", "抗疫"]
    assert [(b.role, b.display_name) for b in article.bylines.all()] == [
        ("reporter", "武跃林"),
        ("credit", "朔城公安分局"),
    ]
    assert article.created_by.username == "editor"
    assert article in Article.objects.published()


def test_article_and_inlines_save_together_or_not_at_all(editor_client):
    data = _article_form(**_inline_management("bylines", total=1))
    # A byline with neither a person nor a credit is invalid: nothing may be saved.
    data.update({"bylines-0-position": "1", "bylines-0-role": "author", "bylines-0-person": "", "bylines-0-credit": ""})
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Article.objects.exists() and not Byline.objects.exists()


def test_form_errors_speak_the_users_language(editor_client):
    response = editor_client.post(ADD_URL, _article_form(headline=""), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "这个字段是必填项。" in response.content.decode()
    response = editor_client.post(ADD_URL, _article_form(headline=""), HTTP_ACCEPT_LANGUAGE="en")
    assert "This field is required." in response.content.decode()


def test_the_form_s_own_fields_are_labelled_in_the_users_language(editor_client):
    # The version the editor loaded rides along in a hidden row that still carries its label.
    page = editor_client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<label for="id_loaded_version">打开时的版本:</label>' in page and "Loaded version" not in page


def test_body_posted_through_the_admin_is_sanitized(editor_client):
    editor_client.post(ADD_URL, _article_form(body='<p>核酸<img src=x onerror="alert(1)"></p><script>x()</script>'))
    assert Article.objects.get().body == '<p>核酸<img src="x"></p>'


def test_reporter_writes_a_draft_and_submits_it_for_review(reporter_client):
    assert reporter_client.post(ADD_URL, _article_form()).status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    response = reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_for_review", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_reporters_publish_through_the_form_is_refused(reporter_client):
    response = reporter_client.post(ADD_URL, _article_form(status="published"))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_reporters_publish_action_is_refused(reporter_client):
    article = Article.objects.create(headline="待审稿件", status=Article.Status.REVIEW)
    response = reporter_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert response.status_code in (200, 302)


def test_reporter_cannot_edit_a_published_story(reporter_client):
    article = Article.objects.create(headline="已发布", status=Article.Status.PUBLISHED)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = reporter_client.post(url, _article_form(headline="改过的标题", status="published"))
    article.refresh_from_db()
    assert article.headline == "已发布"
    assert response.status_code == 403


def test_editor_unpublishes_with_the_action(editor_client):
    article = Article.objects.create(headline="已发布", status=Article.Status.PUBLISHED)
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "unpublish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def _changelist_queries(client, stories):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = Person.objects.get_or_create(name="洪常中")[0]
    for n in range(stories - Article.objects.count()):
        article = Article.objects.create(headline=f"稿件{n}")
        Byline.objects.create(article=article, person=person)
        article.tags.add(f"标签{n}")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    return len(captured)


def test_changelist_runs_a_constant_number_of_queries(editor_client):
    assert _changelist_queries(editor_client, 1) == _changelist_queries(editor_client, 40)


def test_the_workflow_history_names_the_statuses_in_the_editors_language(reporter_client):
    assert reporter_client.post(ADD_URL, _article_form()).status_code == 302
    article = Article.objects.get()
    reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_for_review", "_selected_action": [article.pk]},
    )
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = reporter_client.get(change, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "∅ → 草稿" in page and "草稿 → 待审" in page
    assert "draft → review" not in page


def test_a_person_without_a_public_page_has_no_view_on_site_link(editor_client):
    # The public site has a page only for someone a published story names.
    drafted, published = Person.objects.create(name="张国强"), Person.objects.create(name="王汉平")
    Byline.objects.create(article=make_article(status=Article.Status.DRAFT), person=drafted)
    Byline.objects.create(article=make_article(), person=published)
    for person, has_page in [(drafted, False), (published, True)]:
        page = editor_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
        assert ("viewsitelink" in page) is has_page


def test_only_those_who_may_recover_deleted_stories_see_the_link_to_them(client):
    recover = reverse("admin:articles_article_recoverlist")
    for group, may in [("Reporter", False), ("Archivist", False), ("Editor", True)]:
        client.force_login(make_user(group, group.lower()))
        page = client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert (recover in page) is may
        assert (client.get(recover).status_code == 200) is may
        assert reverse("admin:articles_article_add") in page


def test_person_page_shows_their_bylines_and_mentions(editor_client):
    person = Person.objects.create(name="张国强")
    byline_story = Article.objects.create(headline="他写的稿")
    Byline.objects.create(article=byline_story, person=person)
    mention_story = Article.objects.create(headline="写他的稿")
    person.mentions.create(article=mention_story, title="预算科科长")
    page = editor_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert "他写的稿" in page and "写他的稿" in page and "预算科科长" in page


def test_admin_works_in_english_too(editor_client):
    page = editor_client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Headline" in page
    page = editor_client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "标题" in page


def test_changelist_search_uses_the_chinese_index_and_finds_drafts(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the index is written on commit
        Article.objects.create(headline="朔城公安温情守护群众", body="<p>巡逻民警武卫平送老人回家。</p>")
        Article.objects.create(headline="市商务局干部下沉社区", body="<p>党员干部全面下沉。</p>")
    page = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "民警"}).content.decode()
    assert "朔城公安温情守护群众" in page and "市商务局干部下沉社区" not in page


@pytest.mark.parametrize("day", ["0001-01-01", "3000-01-01"])
def test_a_publish_time_no_paper_could_have_is_a_form_error(editor_client, day):
    # Year 1 in Asia/Shanghai is a BC timestamp in UTC, which psycopg cannot read back.
    response = editor_client.post(
        ADD_URL, _article_form(publish_at_0=day, publish_at_1="08:00:00"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert "请填写 1800–2999 年之间的时间" in response.content.decode()
    assert not Article.objects.exists()


def _unpublish_message(client, *stories, language="en"):
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [s.pk for s in stories]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return " ".join(str(m) for m in response.context["messages"])


def test_the_unpublish_action_says_a_story_taken_off_the_site_needs_a_new_sign_off(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    live = make_article(headline="已发布")
    scheduled, later = (
        make_article(headline=f"定时发布{n}", publish_at=timezone.now() + timedelta(days=1)) for n in range(2)
    )
    assert live.is_public and not scheduled.is_public
    # A scheduled story was never on the site: its sign-off stands.
    assert _unpublish_message(editor_client, scheduled) == "1 story unpublished."
    both = _unpublish_message(editor_client, live, later)
    assert both.startswith("2 stories unpublished.")
    assert "The 1 story taken off the site needs a new sign-off" in both


def test_the_unpublish_actions_sign_off_warning_is_in_chinese(editor_client):
    live = make_article(headline="已发布")
    assert "须重新签发" in _unpublish_message(editor_client, live, language="zh-hans")
