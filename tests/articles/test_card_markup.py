"""Cards filled in from compiled markup are byte for byte what the card template renders."""

import re
from datetime import timedelta

import pytest
from django.template import engines
from django.template.loader import get_template
from django.utils import timezone

from articles.card_markup import CardBatch, CompiledCards
from articles.cards import VARIANTS, _card_template_html, render_cards_by_id, row_from_story, story_from_row
from articles.models import Article, Byline
from articles.page_cache.dependencies import Recording
from tests.factories import make_article, make_byline, make_department, make_person

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>&\""


@pytest.fixture(autouse=True)
def fragments_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0


def _stories():
    """Stories of many shapes: with and without each optional field, a
    section or not, no byline, a person, a credit, several; Chinese text and
    every character HTML escapes; a time with microseconds; a slug reverse() must quote."""
    society = make_department(name="社会<新闻>&")
    stories = [
        make_article(headline="朔城公安守护群众", department=society),
        make_article(
            headline="标题<em>\"引号\"</em> & '单引号'",
            kicker="引题{大括号}",
            subtitle="副题——{0}",
            summary="摘要 & <b>加粗</b>" + "长" * 200,
            department=society,
            publish_at=timezone.now().replace(microsecond=123456) - timedelta(days=3),
        ),
        make_article(headline="无栏目稿件", summary="只有摘要"),
        make_article(headline="简讯", kind=Article.Kind.BRIEF, kicker="只有引题", department=society),
    ]
    make_byline(stories[0], make_person(name="王汉平"), role=Byline.Role.PHOTOGRAPHER, position=0)
    make_byline(stories[1], None, credit="市纪委监委<提供>", role=Byline.Role.CREDIT, position=0)
    make_byline(stories[1], make_person(name="李明&"), role=Byline.Role.REPORTER, position=1)
    make_byline(stories[1], make_person(name="赵丽"), role=Byline.Role.CORRESPONDENT, position=2)
    make_byline(stories[2], make_person(name="孙宇"), role=Byline.Role.EDITOR, position=0, credit="署名{credit}")
    return stories


def _template_card(article, variant):
    """The card as the template renders it from a story loaded with for_cards(), bylines prefetched."""
    loaded = Article.objects.for_cards().prefetch_related("bylines__person").get(pk=article.pk)
    return get_template("includes/article_item.html").render({"article": loaded, **VARIANTS[variant]})


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_card_is_the_templates_output_byte_for_byte(variant):
    stories = _stories()
    cards = render_cards_by_id([(story.pk, variant) for story in stories])
    for story in stories:
        assert cards[story.pk, variant] == _template_card(story, variant), story.headline


def test_the_same_again_once_the_shapes_are_compiled():
    stories = _stories()
    first = render_cards_by_id([(story.pk, "list") for story in stories])
    again = render_cards_by_id([(story.pk, "list") for story in reversed(stories)])
    assert first == again


def test_every_value_is_escaped():
    department = make_department(name=XSS)
    story = make_article(headline=XSS, kicker=XSS, subtitle=XSS, summary=XSS, department=department)
    make_byline(story, make_person(name=XSS), position=0)
    make_byline(story, None, credit=XSS, role=Byline.Role.CREDIT, position=1)
    for variant in VARIANTS:
        html = render_cards_by_id([(story.pk, variant)])[story.pk, variant]
        assert "<script>" not in html and '&"' not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&quot;" in html


def test_probes_reach_no_page_dependencies():
    story = make_article(department=make_department())
    make_byline(story, make_person(), position=0)
    with Recording() as recording:
        render_cards_by_id([(story.pk, "latest")])
    assert recording.collected == {
        f"articles.article:{story.pk}",
        f"articles.department:{story.department_id}",
        f"people.person:{story.bylines.get().person_id}",
    }


def _cards_from(template_code):
    template = engines["django"].from_string(template_code)

    def render(row, variant):
        return template.render({"article": story_from_row(row), **VARIANTS[variant]})

    return CompiledCards(render)


@pytest.mark.parametrize(
    ("template_code", "compiles"),
    [
        # What the fields do not account for: the markup check refuses it, and the template renders each card.
        ("<h2>{{ article.headline|truncatechars:12 }}</h2>", False),
        ("<h2>{{ article.headline|upper }}</h2>", False),
        ("<h2>{{ article.headline|safe }}</h2>", False),
        ("<p>{{ article.headline|truncatechars:300 }}</p>", False),
        ("<p>{{ article.headline|linebreaksbr }}</p>", False),
        ("<p>{{ article.headline|urlize }}</p>", False),
        ("<p>{{ article.publish_at|date:'Y-m-d' }}</p>", False),
        ("<p>{{ article.body }}</p>", False),  # a column the card does not load
        ("<p>{% for tag in article.tags.all %}{{ tag }}{% endfor %}</p>", False),  # a relation
        # What they do, or what the card's shape decides (its kind, its bylines' roles): compiled.
        ("<h2 id='s{{ article.pk }}'>{{ article.headline }}</h2>{{ article.publish_at|date:'c' }}", True),
        ("<p>{{ article.get_kind_display }} {{ article.headline }}</p>", True),
        ("<p>{% for b in article.bylines.all %}{{ b.get_role_display }}{{ b.display_name }}{% endfor %}</p>", True),
    ],
)
def test_a_template_showing_anything_else_is_still_rendered_exactly(template_code, compiles):
    cards = _cards_from(template_code)
    batch = CardBatch()
    for story in _stories():
        row = row_from_story(Article.objects.for_cards().prefetch_related("bylines__person").get(pk=story.pk))
        assert cards.render(row, "list", batch) == cards.render_template(row, "list")
    assert all((markup is not None) == compiles for markup in cards.markup.values())


def test_the_card_template_compiles_for_every_shape_seen():
    stories = _stories()
    render_cards_by_id([(story.pk, variant) for story in stories for variant in VARIANTS])
    from articles.cards import _compiled_cards

    compiled = _compiled_cards(get_template("includes/article_item.html").template)
    assert compiled.markup and None not in compiled.markup.values()
    # The markup has a field for each value, and no marker left over.
    assert not any(re.search(r"qz\w+qz|98765", markup) for markup in compiled.markup.values())


def test_the_slow_path_renders_the_same_card():
    story = _stories()[1]
    row = row_from_story(Article.objects.for_cards().get(pk=story.pk))
    assert _card_template_html(row, "list") == _template_card(story, "list")


def test_times_in_the_time_zone_of_the_moment():
    from zoneinfo import ZoneInfo

    story = _stories()[1]
    with timezone.override(ZoneInfo("America/New_York")):
        card = render_cards_by_id([(story.pk, "list")])[story.pk, "list"]
        assert card == _template_card(story, "list")
    assert card != render_cards_by_id([(story.pk, "list")])[story.pk, "list"]


def test_markup_compiled_in_one_language_is_not_reused_in_another():
    from django.utils import translation

    # A kind's label is a translated word: the markup holds it.
    cards = _cards_from("<p>{{ article.get_kind_display }} {{ article.headline }}</p>")
    rows = [row_from_story(Article.objects.for_cards().get(pk=story.pk)) for story in _stories()]
    seen = set()
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            batch = CardBatch()
            for row in rows:
                card = cards.render(row, "list", batch)
                assert card == cards.render_template(row, "list"), language
                seen.add(card)
    assert len(seen) > len(rows)  # the labels differ between the languages
