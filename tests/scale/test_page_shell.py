"""Page shells: the home, section and tag pages' everything-but-the-lists,
reused after a publish, and never outliving a change to what they show.

The page cache is off, so every
request renders its page and only the fragment cache could serve something stale.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.signals import request_finished, request_started
from django.utils import timezone

from articles import page_cache
from articles.models import Article, Department
from tests.scale.conftest import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_on")]

BASE = "base.html"


def _shell_rendered(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BASE in [t.name for t in response.templates]


def _reader_pages(site):
    return ["/", site["society"].get_absolute_url(), "/tag/抗疫/"]


def test_a_publish_reuses_the_shells_and_shows_the_new_story(client, site):
    for url in _reader_pages(site):
        assert _shell_rendered(client, url), url
        assert not _shell_rendered(client, url), url
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    ).tags.add("抗疫")
    for url in _reader_pages(site):
        response = client.get(url)
        assert BASE not in [t.name for t in response.templates], url
        assert "社会新稿" in response.content.decode(), url


def test_an_edit_to_a_listed_story_reuses_the_shell(client, site):
    # The lists' rows reach the page, not the shell: a headline edit re-renders one card.
    for url in _reader_pages(site):
        page_html(client, url)
    police = Article.objects.get(pk=site["police"].pk)
    police.headline = "朔城公安昼夜守护群众"
    police.save()
    for url in _reader_pages(site):
        response = client.get(url)
        assert BASE not in [t.name for t in response.templates], url
        assert "朔城公安昼夜守护群众" in response.content.decode(), url


def test_a_section_described_anew_shows_at_once(client, site):
    url = site["society"].get_absolute_url()
    page_html(client, url)
    society = Department.objects.get(pk=site["society"].pk)
    society.description = "本地社会新闻与民生。"
    society.save()
    assert "本地社会新闻与民生。" in page_html(client, url)


def test_a_parent_section_renamed_shows_in_its_sub_sections_header(client, site):
    child = Department.objects.create(name="民生", parent=site["society"], order=3)
    Article.objects.create(headline="民生新稿", department=child, status="published", publish_at=timezone.now())
    page_html(client, child.get_absolute_url())
    society = Department.objects.get(pk=site["society"].pk)
    society.name = "社会新闻"
    society.save()
    page = page_html(client, child.get_absolute_url())
    assert "社会新闻" in page[: page.index("<h1>")]


def test_a_tag_renamed_is_renamed_in_its_pages_header(client, site):
    page_html(client, "/tag/抗疫/")
    tag = site["tag"]
    tag.name = "疫情防控"
    tag.save()
    page = page_html(client, "/tag/抗疫/")
    assert "<h1>疫情防控</h1>" in page and "<title>疫情防控" in page


def test_the_masthead_date_turns_with_the_day(client, site):
    # The masthead shows today's date: a shell made yesterday is not reused.
    url = site["society"].get_absolute_url()
    page_html(client, url)
    assert not _shell_rendered(client, url)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("articles.page_shell.timezone.localdate", return_value=tomorrow):
        assert _shell_rendered(client, url)


def test_a_shell_is_kept_per_address(client, site):
    url = site["society"].get_absolute_url()
    page_html(client, url)
    # The search box shows the query, the canonical address the path.
    page = page_html(client, url + "?q=公交")
    assert 'value="公交"' in page
    assert 'value="公交"' not in page_html(client, url)


def test_a_new_section_reaches_every_shell(client, site):
    for url in _reader_pages(site):
        page_html(client, url)
    Department.objects.create(name="教育", order=3)
    for url in _reader_pages(site):
        assert ">教育<" in page_html(client, url), url


def test_versions_are_read_once_per_request_and_bumps_read_afresh():
    name = "list:test-shell"
    page_cache.bump(name)
    request_started.send(sender=None)
    try:
        before = page_cache.read_versions([name])[name]
        page_cache.bump(name, due=(timezone.now() + timedelta(hours=1)).timestamp())
        # Within the request the name keeps the version first read…
        assert page_cache.read_versions([name])[name] == before
        # …while a bump merges the pending dues it reads afresh, losing none.
        page_cache.bump(name)
        assert len(page_cache.read_versions([name], fresh=True)[name][1]) == 1
    finally:
        request_finished.send(sender=None)
    assert page_cache.read_versions([name])[name] != before


def test_a_sections_old_address_is_not_served_from_the_shell_carrying_its_id(client, site):
    # A valid shell carries its section's id, so the page does not load the section;
    # the shell depends on the section's row, so a new address drops it.
    old = site["society"].get_absolute_url()
    page_html(client, old)
    assert not _shell_rendered(client, old)
    society = Department.objects.get(pk=site["society"].pk)
    society.slug = "shehui-xinwen"
    society.save()
    assert client.get(old).status_code == 404
    assert "朔城公安守护群众" in page_html(client, society.get_absolute_url())


def test_a_tags_old_address_is_not_served_from_the_shell_carrying_its_id(client, site):
    page_html(client, "/tag/抗疫/")
    assert not _shell_rendered(client, "/tag/抗疫/")
    tag = site["tag"]
    tag.slug = "yiqing"
    tag.save()
    assert client.get("/tag/抗疫/").status_code == 404
    assert client.get("/tag/yiqing/").status_code == 200


def test_a_shell_kept_without_carried_ids_is_rendered_afresh(client, site):
    from articles import fragments
    from articles.page_shell import shell_name

    url = site["society"].get_absolute_url()
    request = mock.Mock(get_full_path=lambda: url)
    fragments.store({shell_name(request, "articles/department.html"): ("<!DOCTYPE html>\n<p>旧</p>", [])})
    assert _shell_rendered(client, url)
    assert "朔城公安守护群众" in page_html(client, url)
