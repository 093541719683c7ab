"""Readers see published stories whose time has come, and nothing else."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_byline,
    make_department,
    make_edition,
    make_mention,
    make_person,
    make_print_page,
)

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": dict(status=Article.Status.DRAFT),
    "review": dict(status=Article.Status.REVIEW),
    "archived": dict(status=Article.Status.ARCHIVED, publish_at=timezone.now() - timedelta(days=3)),
    "scheduled": dict(status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(hours=2)),
}


@pytest.fixture(params=sorted(HIDDEN))
def hidden(request):
    """An unpublished story with a department, a tag, a byline, a mention and a print page."""
    department = make_department(name="隐藏栏目")
    article = make_article(
        headline="不该被看到的稿件", department=department, tags=["秘密标签"], **HIDDEN[request.param]
    )
    author, named = make_person(name="隐藏记者"), make_person(name="隐藏人物")
    make_byline(article, author)
    make_mention(article, named, title="隐藏头衔")
    article.print_page, article.print_position = make_print_page(make_edition()), 1
    article.save()
    return article


def _urls(article):
    edition = article.print_page.edition
    return [
        "/",
        "/archive/",
        "/archive/2022/",
        "/print/",
        article.department.get_absolute_url(),
        "/feed/",
        "/feed/atom/",
        f"/section/{article.department.slug}/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/sitemap-tags.xml",
        "/sitemap-people.xml",
        f"/print/{edition.publication.slug}/2022/11/21/",
        f"/archive/{timezone.localtime(article.publish_at).year}/" if article.publish_at else "/archive/",
    ]


def test_unpublished_story_answers_404_on_its_own_page(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url() + "?preview=1").status_code == 404


def test_unpublished_story_appears_in_no_list_feed_or_sitemap(client, hidden):
    make_article(headline="公开稿件", department=hidden.department)  # so lists are not empty
    for url in _urls(hidden):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert "不该被看到的稿件" not in body, url
        assert hidden.slug not in body, url
        assert "隐藏人物" not in body and "隐藏记者" not in body, url


def test_tag_person_and_edition_only_on_unpublished_stories_answer_404(client, hidden):
    person = hidden.mentions.first().person
    author = hidden.bylines.first().person
    edition = hidden.print_page.edition
    for url in [
        reverse("articles:tag", kwargs={"slug": "秘密标签"}),
        reverse("articles:tag-feed", kwargs={"slug": "秘密标签"}),
        person.get_absolute_url(),
        author.get_absolute_url(),
        reverse("people:feed", kwargs={"slug": person.slug}),
        f"/print/{edition.publication.slug}/2022/11/21/",
    ]:
        assert client.get(url).status_code == 404, url


def test_unpublished_stories_do_not_count_towards_most_in_the_news(client, hidden):
    make_article(headline="公开稿件")
    assert "隐藏人物" not in client.get("/").content.decode()


def test_old_slug_of_an_unpublished_story_does_not_redirect(client, hidden):
    old = hidden.slug
    hidden.headline = "改过的标题"
    hidden.save()
    assert client.get(f"/story/{old}/").status_code == 404


def _editor(client, *, staff=True, permission=True):
    user = User.objects.create_user("editor", password="pw", is_staff=staff)
    if permission:
        user.user_permissions.add(Permission.objects.get(codename="view_article", content_type__app_label="articles"))
    client.force_login(user)
    return user


def test_staff_with_permission_preview_unpublished_story_with_banner_and_no_store(client, hidden):
    _editor(client)
    for url in (hidden.get_absolute_url(), hidden.get_absolute_url() + "?preview=1"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "预览 — 未发布" in html and "不该被看到的稿件" in html
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
        assert "application/ld+json" not in html


def test_staff_without_permission_and_non_staff_get_404(client, hidden):
    _editor(client, permission=False)
    assert client.get(hidden.get_absolute_url() + "?preview=1").status_code == 404
    client.logout()
    User.objects.all().delete()
    _editor(client, staff=False)
    assert client.get(hidden.get_absolute_url() + "?preview=1").status_code == 404


def test_published_story_with_preview_flag_is_a_normal_page_for_readers(client):
    article = make_article()
    response = client.get(article.get_absolute_url() + "?preview=1")
    assert response.status_code == 200
    assert "预览" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_story_becomes_visible_when_its_publish_time_passes(client):
    article = make_article(publish_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"<h1>{article.headline}</h1>" in response.content.decode() or article.headline in response.content.decode()


def test_preview_of_a_scheduled_story_says_when_it_will_appear(client):
    article = make_article(publish_at=timezone.now() + timedelta(days=1))
    _editor(client)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "定时于" in html and '<meta name="robots" content="noindex, nofollow">' in html


def test_editor_following_an_old_slug_of_a_draft_is_redirected_to_its_preview(client):
    article = make_article(status=Article.Status.DRAFT, headline="草稿原标题")
    old = article.slug
    article.headline = "草稿新标题"
    article.save()
    _editor(client)
    response = client.get(f"/story/{old}/?preview=1")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() + "?preview=1"


def test_admin_view_on_site_leads_an_editor_to_the_preview(client):
    from django.contrib.contenttypes.models import ContentType

    article = make_article(status=Article.Status.REVIEW, headline="待审稿件")
    _editor(client)
    content_type = ContentType.objects.get_for_model(Article)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, article.pk]), follow=True)
    assert response.status_code == 200
    assert "预览 — 未发布" in response.content.decode() and "待审稿件" in response.content.decode()
