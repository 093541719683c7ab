"""Parts of every page built from rows without the template engine are byte
for byte what their former templates rendered."""

from pathlib import Path
from unittest import mock

import pytest
from django.template import engines
from django.test import RequestFactory

from articles.models import Article
from articles.templatetags.news import (
    byline_list,
    department_nav,
    mention_list,
    related_list,
    related_stories,
    tag_list,
    tag_meta,
)
from tests.factories import make_article, make_byline, make_department, make_mention, make_person

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>&\""

# The templates these parts were rendered from, kept as the reference for their markup.
FORMER = Path(__file__).parent / "former_templates"


def _former(name):
    return engines["django"].from_string((FORMER / name).read_text())


@pytest.fixture(autouse=True)
def fragments_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0


def _template_nav(path, current):
    from articles.models import Department

    departments = list(Department.objects.filter(parent__isnull=True))
    return _former("department_nav.html").render({"departments": departments, "current": current, "path": path})


def test_navigation_is_the_former_templates_markup_for_every_page_kind():
    news = make_department(name="要闻", order=1)
    society = make_department(name=XSS, order=2)
    child = make_department(name="社区", order=3, parent=society)
    make_department(name="体育", order=4, slug="ti-yu")
    factory = RequestFactory()
    for path, current in [("/", None), ("/section/x/", news), ("/section/y/", child), ("/story/z/", None)]:
        context = {"request": factory.get(path), "department": current}
        assert department_nav(context) == _template_nav(path, current), path


def test_navigation_without_sections_is_empty_as_the_template_left_it():
    assert department_nav({"request": RequestFactory().get("/")}) == _template_nav("/", None) == "\n"


def _story_world():
    """A story with every kind of byline, tags (one a Chinese slug, one with
    characters HTML escapes), people with and without titles, and related stories."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Byline

    story = make_article(headline="主稿", tags=["抗疫", XSS, "tiyu"])
    make_byline(story, make_person(name="王<汉>平", slug="wang-han-ping"), role=Byline.Role.PHOTOGRAPHER)
    make_byline(story, None, credit="市纪委监委&", role=Byline.Role.CREDIT)
    make_byline(story, make_person(name="李明"), role=Byline.Role.REPORTER)
    make_byline(story, None, credit=XSS, role=Byline.Role.EDITOR)
    official = make_person(name="赵卫东")
    make_mention(story, official, title="市政协<副秘书长>")
    make_mention(story, make_person(name=XSS))
    for i in range(3):
        related = make_article(
            headline=f"相关{i}{XSS}",
            tags=["抗疫"],
            publish_at=timezone.now().replace(microsecond=i) - timedelta(days=i),
        )
        make_mention(related, official)
    return Article.objects.for_detail().get(pk=story.pk)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_a_storys_bylines_tags_people_and_related_stories_are_the_former_templates_markup(settings, zone):
    settings.TIME_ZONE = zone
    story = _story_world()
    context = {"article": story}
    assert byline_list(story.bylines.all()) == _former("byline.html").render({"bylines": story.bylines.all()})
    assert tag_meta(story.tags.all()) == _former("story_tag_meta.html").render(context)
    assert tag_list(story.tags.all()) == _former("story_tags.html").render(context)
    assert mention_list(story.mentions.all()) == _former("story_mentions.html").render(context)
    related = related_stories(story)["articles"]
    assert len(related) == 3
    assert related_list({}, story) == _former("related_stories.html").render({"articles": related})


def test_a_story_without_bylines_tags_people_or_related_stories_shows_what_the_templates_left():
    story = Article.objects.for_detail().get(pk=make_article().pk)
    context = {"article": story}
    assert byline_list(story.bylines.all()) == _former("byline.html").render({"bylines": []}) == "\n"
    assert tag_meta(story.tags.all()) == _former("story_tag_meta.html").render(context) == ""
    assert tag_list(story.tags.all()) == _former("story_tags.html").render(context) == ""
    assert mention_list(story.mentions.all()) == _former("story_mentions.html").render(context) == ""
    assert related_list({}, story) == _former("related_stories.html").render({"articles": []}) == "\n"


def test_the_home_pages_section_blocks_are_the_former_templates_markup():
    from django.utils.safestring import mark_safe

    from articles.story_markup import section_blocks_html

    end = "<!--block-end-->"
    news = make_department(name="要闻", order=1)
    odd = make_department(name=XSS, order=2, slug="she-hui")
    sport = make_department(name="体育", order=3, slug="ti-yu")
    blocks = [(d, mark_safe(f"<article>{d.pk}&amp;</article>")) for d in (news, odd, sport)]
    former = _former("home_department.html").render({"blocks": blocks, "end": mark_safe(end)}).split(end)[:-1]
    assert section_blocks_html([((d.pk, d.name, d.slug), cards) for d, cards in blocks]) == former


def test_a_story_lists_region_is_its_templates_markup_on_every_kind_of_page():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from articles.paginators import UncountedPaginator
    from articles.story_markup import story_list_html

    cards = mark_safe("<article>卡片&amp;</article>")
    for paginator in (UncountedPaginator(list(range(45)), 20), Paginator(list(range(45)), 20)):
        for number in (1, 2, 3):
            page = paginator.page(number)
            for shown in (cards, mark_safe("")):
                expected = render_to_string("includes/story_list.html", {"page_obj": page, "cards": shown})
                assert story_list_html(page, shown) == expected, (type(paginator).__name__, number)
    alone = UncountedPaginator(list(range(3)), 20).page(1)
    assert story_list_html(alone, cards) == render_to_string(
        "includes/story_list.html", {"page_obj": alone, "cards": cards}
    )


FIXED = "{% load static news %}{% fixed %}<a href=\"{% url 'articles:home' %}\">{{ SITE_NAME }}</a>{% endfixed %}"


def test_fixed_markup_is_rendered_once_and_kept(monkeypatch):
    template = engines["django"].from_string(FIXED)
    context = {"SITE_NAME": "朔州<新闻>"}
    assert template.render(context) == '<a href="/">朔州&lt;新闻&gt;</a>'
    import django.urls

    def refuse(*args, **kwargs):
        raise AssertionError("reversed again")

    monkeypatch.setattr(django.urls, "reverse", refuse)
    assert template.render(context) == '<a href="/">朔州&lt;新闻&gt;</a>'


def test_fixed_markup_follows_the_site_name_script_prefix_and_settings(settings):
    from django.urls import set_script_prefix

    template = engines["django"].from_string(FIXED)
    assert template.render({"SITE_NAME": "甲"}) == '<a href="/">甲</a>'
    assert template.render({"SITE_NAME": "乙"}) == '<a href="/">乙</a>'
    set_script_prefix("/news/")
    try:
        assert template.render({"SITE_NAME": "乙"}) == '<a href="/news/">乙</a>'
    finally:
        set_script_prefix("/")
    static = engines["django"].from_string("{% load static news %}{% fixed %}{% static 'css/site.css' %}{% endfixed %}")
    before = static.render({})
    settings.STATIC_URL = "/elsewhere/"
    assert static.render({}) != before and static.render({}).startswith("/elsewhere/")


@pytest.mark.parametrize(
    "inside",
    [
        "{{ request.path }}",
        "{{ SITE_NAME|upper }}",
        "{% url 'articles:tag' slug=tag.slug %}",
        "{% url 'articles:home' as home %}",
        "{% static path %}",
        "{% if SITE_NAME %}x{% endif %}",
        "{% now 'Y' %}",
    ],
)
def test_fixed_markup_may_not_hold_what_a_request_decides(inside):
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% load static news %}{% fixed %}" + inside + "{% endfixed %}")


def test_the_sidebar_is_the_former_templates_markup():
    from people.templatetags.people_tags import _people, sidebar_html

    rows = [
        (1, "赵卫东", "zhao-wei-dong", "市政协<副秘书长>", 12),
        (2, XSS, "x-2", "", 1),
        (3, "王芳", "wang-fang", "", 1234),
    ]
    for shown in (rows, rows[:1], []):
        assert sidebar_html(shown) == _former("most_in_the_news.html").render({"people": _people(shown, "default")})


def test_a_story_page_reading_its_navigation_with_its_related_stories_is_the_same_page(client, settings):
    from django.core.cache import cache

    story = _story_world()
    make_department(name="要闻")
    together = client.get(story.get_absolute_url()).content.decode()
    assert "相关0" in together and "要闻" in together
    settings.FRAGMENT_CACHE_SECONDS = 600  # the navigation from its fragment, the related stories alone
    cache.clear()
    assert client.get(story.get_absolute_url()).content.decode() == together
    cache.clear()


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_iso_is_the_date_filters_c(settings, zone):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    settings.TIME_ZONE = zone
    both = engines["django"].from_string("{% load news %}{{ value|iso }}|{{ value|date:'c' }}")
    values = [
        datetime(2022, 11, 21, 23, 30, 5, 123456, tzinfo=ZoneInfo("UTC")),
        datetime(2022, 11, 21, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        date(2022, 11, 21),
        None,
        "",
    ]
    for value in values:
        mine, django = both.render({"value": value}).split("|")
        assert mine == django, value


@pytest.mark.parametrize(
    "query", ["", "?q=", "?q=%E6%96%B0%E9%97%BB", "?q=a&q=%3Cb%3E%22'%26", "?q=" + "长" * 150, "?x=1"]
)
def test_the_search_box_shows_what_the_former_lookup_showed(query):
    request = RequestFactory().get("/" + query)
    former = engines["django"].from_string("{{ request.GET.q|default:''|slice:':100' }}")
    mine = engines["django"].from_string("{% load news %}{% search_query %}")
    assert mine.render({"request": request}) == former.render({"request": request})
    assert mine.render({}) == former.render({}) == ""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_masthead_date_is_what_the_now_tag_printed(settings, language, zone):
    from django.utils import translation

    settings.TIME_ZONE = zone
    both = engines["django"].from_string('{% load news %}{% masthead_date %}|{% now "Y年n月j日 l" %}')
    with translation.override(language):
        mine, former = both.render({}).split("|")
    assert mine == former


def test_json_ld_is_escaped_as_json_script_escapes():
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from articles.templatetags.news import jsonld

    data = {"headline": "</script><!-- 标题 & “引号” -->", "n": [1, "<b>"]}
    # json_script's escapes, on the text as the site writes it (not ASCII-only).
    escapes = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    expected = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(escapes)
    assert jsonld(data) == f'<script type="application/ld+json">{expected}</script>'
    assert "<!--" not in jsonld(data).removeprefix('<script type="application/ld+json">')


def test_the_lead_is_what_its_former_template_rendered():
    from django.template.loader import get_template

    from tests.factories import make_photo

    with_photo = make_article(headline="头条", department=make_department(name="要闻"), summary="摘要")
    make_photo(with_photo, caption="说明<b>", credit="王汉平")
    make_photo(with_photo, image=False, caption="第二张")
    without = make_article(headline="无图头条")
    for story in (with_photo, without):
        lead = Article.objects.for_detail().get(pk=story.pk)
        mine = get_template("includes/lead_story.html").render({"lead": lead})
        assert mine == _former("lead_story.html").render({"lead": lead})
    assert "<figure" in get_template("includes/lead_story.html").render(
        {"lead": Article.objects.for_detail().get(pk=with_photo.pk)}
    )


def test_the_navigations_home_link_follows_a_new_url_configuration(settings):
    from django.test import override_settings
    from django.urls import reverse

    from articles.templatetags.news import department_nav

    settings.FRAGMENT_CACHE_SECONDS = 0
    make_department(name="要闻", slug="yaowen")
    assert 'href="/"' in department_nav({"request": RequestFactory().get("/")})  # kept for the project's URLs
    with override_settings(ROOT_URLCONF="tests.site.front_urls"):
        assert reverse("articles:home") == "/front/"
        html = department_nav({"request": RequestFactory().get("/")})
    assert 'href="/front/section/yaowen/"' in html and 'href="/front/"' in html


def test_fixed_markup_escapes_a_site_name_as_the_template_would_whether_or_not_it_is_safe():
    from django.utils.safestring import mark_safe

    fixed = engines["django"].from_string("{% load news %}{% fixed %}{{ SITE_NAME }}{% endfixed %}")
    plain = engines["django"].from_string("{{ SITE_NAME }}")
    for name in ["A&B", mark_safe("A&B"), "A&B"]:
        assert fixed.render({"SITE_NAME": name}) == plain.render({"SITE_NAME": name})


def test_fixed_markup_is_kept_per_url_namespace_instance():
    from django.urls import resolve

    fixed = engines["django"].from_string("{% load news %}{% fixed %}{% url 'articles:feed' %}{% endfixed %}")
    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    first = fixed.render({"request": request}, request)
    request.current_app = "another-instance"
    with mock.patch("django.urls.reverse", return_value="/m/feed/"):
        assert fixed.render({"request": request}, request) == "/m/feed/"
    assert first == "/feed/"


def test_iso_gives_nothing_for_what_is_not_a_date_as_the_date_filter_does():
    both = engines["django"].from_string("{% load news %}{{ v|date:'c' }}|{{ v|iso }}")
    for value in ["2020-01-01", 3, None, ""]:
        date_c, iso = both.render({"v": value}).split("|")
        assert date_c == iso
