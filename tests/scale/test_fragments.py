"""The fragment cache: cards, the lead, navigation and the sidebar reused between
renders, and no fragment outliving a change to what it shows.

The page cache is off here unless a test says otherwise, so every request
renders its page and the fragment cache is the only thing that could serve
something stale.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles import fragments
from articles.models import Article, Byline, Department
from people.models import Mention, Person
from tests.factories import sign_off
from tests.scale.conftest import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_on")]

CARD = "includes/article_item.html"


def _pages(site):
    return ["/", site["society"].get_absolute_url(), "/tag/抗疫/", site["bus"].get_absolute_url()]


def _cards_rendered(client, url):
    return [t.name for t in client.get(url).templates].count(CARD)


def _warm(client, site):
    for url in _pages(site):
        page_html(client, url)
    # Proof that the fragments are there to be (wrongly) reused below.
    assert _cards_rendered(client, "/") == 0
    assert _cards_rendered(client, site["society"].get_absolute_url()) == 0
    assert fragments.fetch([f"card:list:{site['police'].pk}", f"lead:{site['police'].pk}"])


def test_a_second_render_reuses_every_card_and_a_publish_renders_only_the_new_one(client, site):
    assert _cards_rendered(client, "/") > 0
    _warm(client, site)
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    home = client.get("/")
    assert "社会新稿" in home.content.decode()
    # The new story leads the page (no card); the former lead becomes a card, twice (latest and its section).
    assert [t.name for t in home.templates].count(CARD) == 2
    section = client.get(site["society"].get_absolute_url())
    assert [t.name for t in section.templates].count(CARD) == 1 and "社会新稿" in section.content.decode()


def test_an_edit_shows_at_once_on_every_page(client, site):
    _warm(client, site)
    police = Article.objects.get(pk=site["police"].pk)
    police.headline, police.summary = "朔城公安昼夜守护群众", "警民一家亲。"
    police.save()
    for url in ["/", site["society"].get_absolute_url(), "/tag/抗疫/"]:
        page = page_html(client, url)
        assert "朔城公安昼夜守护群众" in page and "朔城公安守护群众<" not in page, url
    assert "警民一家亲" in page_html(client, site["society"].get_absolute_url())


def test_unpublishing_takes_the_card_and_the_lead_away(client, site):
    _warm(client, site)
    police = Article.objects.get(pk=site["police"].pk)
    police.status = Article.Status.DRAFT
    police.save()
    for url in ["/", site["society"].get_absolute_url(), "/tag/抗疫/", site["bus"].get_absolute_url()]:
        assert "朔城公安守护群众" not in page_html(client, url), url


def test_an_embargo_hides_the_story_until_its_time(client, site):
    _warm(client, site)
    police = Article.objects.get(pk=site["police"].pk)
    police.publish_at = timezone.now() + timedelta(hours=2)
    police.save()
    for url in ["/", site["society"].get_absolute_url(), "/tag/抗疫/"]:
        assert "朔城公安守护群众" not in page_html(client, url), url
    # Taken off the site, it waits for a new sign-off; signed off, it is
    # scheduled for that time.
    police.refresh_from_db()
    assert police.status == Article.Status.REVIEW
    sign_off(police)
    police.status = Article.Status.PUBLISHED
    police.save()
    assert "朔城公安守护群众" not in page_html(client, site["society"].get_absolute_url())
    # At its time it is back (decided at query time), with its card rendered afresh.
    later = timezone.now() + timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "朔城公安守护群众" in page_html(client, site["society"].get_absolute_url())


def test_a_person_renamed_is_renamed_in_every_card(client, site):
    _warm(client, site)
    reporter = Person.objects.get(pk=site["reporter"].pk)
    reporter.name = "王汉林"
    reporter.save()
    for url in [site["society"].get_absolute_url(), "/tag/抗疫/"]:
        page = page_html(client, url)
        assert "王汉林" in page and "王汉平" not in page, url


def test_a_person_renamed_is_renamed_in_the_sidebar(client, site):
    _warm(client, site)
    assert "赵卫东" in page_html(client, "/")
    official = Person.objects.get(pk=site["official"].pk)
    official.name = "赵卫国"
    official.save()
    home = page_html(client, "/")
    assert "赵卫国" in home and "赵卫东" not in home


def test_a_new_mention_recounts_the_sidebar(client, site):
    _warm(client, site)
    newcomer = Person.objects.create(name="李秀英")
    for story in (site["police"], site["bus"], site["coal"]):
        Mention.objects.create(article=story, person=newcomer, title="社区书记", confirmed=True)
    assert "李秀英" in page_html(client, "/")


def test_a_tag_renamed_is_renamed_where_it_shows(client, site):
    _warm(client, site)
    tag = Tag.objects.get(pk=site["tag"].pk)
    tag.name = "疫情防控"
    tag.save()
    assert "疫情防控" in page_html(client, site["bus"].get_absolute_url())
    assert "疫情防控" in page_html(client, f"/tag/{tag.slug}/")


def test_a_department_renamed_is_renamed_in_cards_lead_and_navigation(client, site):
    _warm(client, site)
    society = Department.objects.get(pk=site["society"].pk)
    society.name = "社会新闻"
    society.save()
    for url in ["/", "/tag/抗疫/", site["economy"].get_absolute_url(), site["bus"].get_absolute_url()]:
        page = page_html(client, url)
        assert "社会新闻" in page and ">社会<" not in page, url


def test_a_story_moved_to_another_department_moves_its_card(client, site):
    _warm(client, site)
    bus = Article.objects.get(pk=site["bus"].pk)
    bus.department = site["economy"]
    bus.save()
    assert "公交人奔波一线" in page_html(client, site["economy"].get_absolute_url())
    assert "公交人奔波一线" not in page_html(client, site["society"].get_absolute_url())
    tag_page = page_html(client, "/tag/抗疫/")
    card = tag_page[tag_page.index("公交人奔波一线") :]
    assert card.index("经济") < card.index("</article>")


def test_a_new_section_appears_in_the_navigation(client, site):
    _warm(client, site)
    Department.objects.create(name="教育", order=3)
    for url in _pages(site):
        assert ">教育<" in page_html(client, url), url


def test_a_byline_added_shows_in_the_card(client, site):
    _warm(client, site)
    Byline.objects.create(
        article=site["police"], person=Person.objects.create(name="刘桂芳"), role="photographer", position=1
    )
    assert "刘桂芳" in page_html(client, site["society"].get_absolute_url())


def test_with_the_page_cache_on_a_change_reaches_pages_built_from_cached_fragments(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    _warm(client, site)
    economy_url = site["economy"].get_absolute_url()
    page_html(client, economy_url)
    # A page rebuilt from cached fragments depends on what they show, as if it had loaded it.
    Article.objects.create(
        headline="经济新稿", department=site["economy"], status="published", publish_at=timezone.now()
    )
    assert client.get(economy_url).headers["X-Page-Cache"] == "miss"
    assert client.get(site["society"].get_absolute_url()).headers["X-Page-Cache"] == "hit"
    reporter = Person.objects.get(pk=site["reporter"].pk)
    reporter.name = "王汉林"
    reporter.save()
    section = client.get(site["society"].get_absolute_url())
    assert section.headers["X-Page-Cache"] == "miss" and "王汉林" in section.content.decode()


def test_a_failing_cache_falls_back_to_rendering(client, site, caplog):
    expected = {url: page_html(client, url) for url in _pages(site)}
    with (
        mock.patch.object(fragments.cache, "get_many", side_effect=ConnectionError("cache down")),
        mock.patch.object(fragments.cache, "set_many", side_effect=ConnectionError("cache down")),
    ):
        for url in _pages(site):
            assert page_html(client, url) == expected[url], url
    assert "fragment cache read failed" in caplog.text and "fragment cache write failed" in caplog.text


def test_fragments_rendered_by_other_templates_are_not_reused(client, site, monkeypatch):
    _warm(client, site)
    # A deploy that changes a template (or a template tag, or a translation).
    monkeypatch.setattr(fragments, "template_version", lambda: "next-deploy")
    assert not fragments.fetch([f"card:list:{site['police'].pk}", f"lead:{site['police'].pk}"])
    assert _cards_rendered(client, "/") > 0
    assert _cards_rendered(client, "/") == 0


def _sidebar_rendered(client):
    """The home page, and whether its sidebar's markup was built (not reused)."""
    from people.templatetags import people_tags

    with mock.patch.object(people_tags, "sidebar_html", wraps=people_tags.sidebar_html) as built:
        home = client.get("/")
    return home, built.called


def test_the_sidebar_is_rendered_again_only_when_its_people_or_their_counts_change(client, site):
    _warm(client, site)
    assert "4 篇" in page_html(client, "/")
    # A publish naming no one leaves the people and their counts as they were.
    Article.objects.create(
        headline="无人提及", department=site["economy"], status="published", publish_at=timezone.now()
    )
    home, built = _sidebar_rendered(client)
    assert not built and "无人提及" in home.content.decode()
    # One more story naming the official: the same people, a new count.
    story = Article.objects.create(
        headline="又一篇", department=site["economy"], status="published", publish_at=timezone.now()
    )
    Mention.objects.create(article=story, person=site["official"], title="市政协副主席", confirmed=True)
    home, built = _sidebar_rendered(client)
    assert built
    assert "5 篇" in home.content.decode() and "4 篇" not in home.content.decode()
