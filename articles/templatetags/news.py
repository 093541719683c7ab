"""Template tags for the reader's site.

Inclusion tags that need data run exactly one query each, from
``Article.objects.published()``; filters never query.
"""

import json
import re
from datetime import datetime

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import compiled_sql, fragments, navigation, renditions, story_markup
from articles.byline_roles import WEB_PREFIX, WEB_SUFFIX
from articles.fixed_markup import FixedNode
from articles.models import Article, Department
from articles.page_cache import row_key
from articles.related_rows import from_columns
from articles.slug_urls import slug_url
from articles.tag_urls import tag_url_function
from articles.xml_text import xml_safe as xml_safe_text
from people.models import public_mention_q

register = template.Library()


@register.tag
def fixed(parser, token):
    """``{% fixed %}…{% endfixed %}``: markup only the site's configuration
    decides, rendered once per process (``articles.fixed_markup``)."""
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)


# The characters json_script escapes, so that a JSON-LD block cannot close its
# <script> element or open a comment whatever a headline contains. Replaced one
# by one: str.translate() with a mapping took half the block's time on Chinese text.
_JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


def cn_date_text(local) -> str:
    """2022年11月21日, of a date or a time already in the time zone to show."""
    return f"{local.year}年{local.month}月{local.day}日"


def cn_datetime_text(local) -> str:
    """2022年11月21日 08:00, of a time already in the time zone to show."""
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@register.filter(is_safe=True)
def xml_safe(value):
    """Text a template writes into XML (the news sitemap), without the characters XML 1.0 cannot hold."""
    return xml_safe_text(value)


@register.filter
def cn_date(value):
    """2022年11月21日, in the site's time zone."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return cn_date_text(value)


@register.filter
def cn_datetime(value):
    """2022年11月21日 08:00, in the site's time zone."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return cn_datetime_text(value)


@register.filter(expects_localtime=True)
def iso(value):
    """The date filter's "c" (ISO 8601, in the time zone templates show),
    without formatting a format string."""
    try:
        return value.isoformat() if value not in (None, "") else ""
    except AttributeError:
        return ""


@register.simple_tag(takes_context=True)
def search_query(context):
    """The search box's value: the first 100 characters of the request's ``q``.

    A missing ``request.GET.q`` in a template looks the key up three ways
    (item, attribute, index), listing the QueryDict's attributes on the way."""
    request = context.get("request")
    return request.GET.get("q", "")[:100] if request is not None else ""


@register.filter
def slug_address(slug, name):
    """``{% url name slug=slug %}`` for a ``<slug:slug>`` URL (``slug_urls``)."""
    return slug_url(name, slug)


@register.filter
def tag_address(slug, name):
    """``{% url name slug=slug %}`` for a ``<tag:slug>`` URL (``tag_urls``)."""
    return tag_url_function(name)(slug)


@register.simple_tag
def masthead_date():
    """Today as the masthead prints it (2022年11月21日 星期一): ``{% now "Y年n月j日 l" %}``
    without formatting a format string on every page."""
    today = timezone.localtime() if settings.USE_TZ else datetime.now()
    return f"{cn_date_text(today)} {WEEKDAYS[today.weekday()]}"


@register.filter
def role_prefix(byline):
    return WEB_PREFIX.get(byline.role, "")


@register.filter
def role_suffix(byline):
    return WEB_SUFFIX.get(byline.role, "")


@register.filter
def absolute(url):
    """A site-relative URL made absolute with settings.SITE_URL."""
    if not url:
        return ""
    url = str(url)
    return settings.SITE_URL + url if url.startswith("/") else url


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> block, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def article_jsonld(article, canonical_url):
    """schema.org NewsArticle for a story, every byline an author."""
    authors = []
    for byline in article.bylines.all():
        if byline.person_id:
            authors.append(
                {
                    "@type": "Person",
                    "name": byline.person.name,
                    "url": absolute(byline.person.get_absolute_url()),
                }
            )
        else:
            authors.append({"@type": "Organization", "name": byline.credit})
    images = [absolute(photo.image.url) for photo in article.photos.all() if photo.image]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "mainEntityOfPage": canonical_url,
        "url": canonical_url,
        "inLanguage": "zh-Hans",
        "datePublished": timezone.localtime(article.publish_at).isoformat() if article.publish_at else None,
        "dateModified": timezone.localtime(article.updated_at).isoformat() if article.updated_at else None,
        "author": authors,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
    }
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if article.summary:
        data["description"] = article.summary
    if article.department_id:
        data["articleSection"] = article.department.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if images:
        data["image"] = images
    return jsonld({key: value for key, value in data.items() if value is not None})


@register.inclusion_tag("includes/photo.html")
def photo_figure(photo, sizes="(min-width: 60em) 36em, 100vw", eager=False):
    """A <figure> with a responsive <img> (srcset of the renditions) and the
    caption and credit; a photo without an image shows its caption alone."""
    versions = renditions.renditions_for(photo)
    original = versions[-1] if versions else None
    srcset = ", ".join(f"{r.url} {r.width}w" for r in versions if r.width) if versions else ""
    # The src is a mid-sized rendition: what a browser without srcset support loads.
    fallback = next((r for r in versions if r.width >= 640), original) if versions else None
    return {
        "photo": photo,
        "src": fallback.url if fallback else "",
        "srcset": srcset,
        "sizes": sizes,
        "width": original.width if original else None,
        "height": original.height if original else None,
        "alt": photo.alt_text or photo.caption or "",
        "eager": eager,
    }


@register.simple_tag(takes_context=True)
def department_nav(context):
    """The site's sections, top level only: one query, none while its fragment is cached."""
    request = context.get("request")
    current = context.get("department")
    path = request.path if request else ""
    highlighted = (current.parent_id or current.pk) if current else ""

    read = context.get("navigation_rows")  # with the page's other rows (``story_page_rows``)

    def render():
        rows = read if read is not None else navigation.top_level(router.db_for_read(Department))
        html = navigation.nav_html(rows, highlighted, home=path == "/")
        return html, {"list:departments", *(row_key(Department, pk) for pk, *_ in rows)}

    return fragments.cached(f"nav:{highlighted}:{'home' if path == '/' else ''}", render)


def _related_query(article, limit: int) -> compiled_sql.Query | None:
    tag_ids = [tag.pk for tag in article.tags.all()]
    person_ids = [mention.person_id for mention in article.mentions.all()]
    if not tag_ids and not person_ids:
        return None
    ids = (article.pk, *tag_ids, *person_ids)
    # Which mentions readers see (a setting, a constant of the SQL) is part of its shape.
    shape = (len(tag_ids), limit, repr(public_mention_q()))
    return compiled_sql.Query(_related_rows, shape, {"now": timezone.now(), "ids": ids})


def related_story_rows(article, limit=5) -> list[tuple]:
    """(id, slug, headline, publish_at) of the published stories sharing tags
    or named people with ``article``, newest first: one query."""
    query = _related_query(article, limit)
    return compiled_sql.rows_together([query], using=router.db_for_read(Article))[0] if query else []


def story_page_rows(article, limit=5) -> dict:
    """The rows a story's page reads besides the story's: the navigation's
    and the related stories', in one round trip (``compiled_sql.rows_together``),
    as the context ``department_nav`` and ``related_list`` take them from."""
    alias = router.db_for_read(Article)
    related = _related_query(article, limit)
    if router.db_for_read(Department) != alias:
        return {}
    rows = compiled_sql.rows_together([navigation.top_level_query(), *([related] if related else [])], using=alias)
    return {"navigation_rows": rows[0], "related_rows": (article.pk, limit, rows[1] if related else [])}


def related_stories(article, limit=5):
    """``related_story_rows()`` as stories (the columns the list shows)."""
    alias = router.db_for_read(Article)
    rows = related_story_rows(article, limit)
    return {"articles": [from_columns(Article, alias, dict(zip(RELATED_COLUMNS, row))) for row in rows]}


@register.simple_tag(takes_context=True)
def related_list(context, article, limit=5):
    """The related stories' section (``related_story_rows``, or the context's
    ``related_rows`` read for this story with the page's other rows), or nothing."""
    pk, read_for, rows = context.get("related_rows") or (None, None, None)
    if (pk, read_for) != (article.pk, limit):
        rows = related_story_rows(article, limit)
    return mark_safe(story_markup.related_html(rows) + "\n")


@register.simple_tag
def byline_list(bylines):
    """The byline paragraph, from the story's bylines in order."""
    return mark_safe(story_markup.bylines_html(list(bylines)) + "\n")


@register.simple_tag
def tag_list(tags):
    return mark_safe(story_markup.tags_html(list(tags)))


@register.simple_tag
def tag_meta(tags):
    return mark_safe(story_markup.tag_meta_html(tags))


@register.simple_tag
def mention_list(mentions):
    return mark_safe(story_markup.mentions_html(list(mentions)))


# Only what the related stories' list shows: the candidates are sorted in
# the database, and whole rows (bodies included) made that sort wide.
RELATED_COLUMNS = ["id", "slug", "headline", "publish_at"]


def _related_rows(tags: int, limit: int, mentions_shown: str, *, now, ids):
    """related_to() for the story ``ids[0]`` with the tags ``ids[1:1 + tags]``
    and the people after them: compiled once per number of each (``compiled_sql``)."""
    stories = Article.objects.published(now).related_to_ids(ids[0], ids[1 : 1 + tags], ids[1 + tags :], limit)
    return stories.values_list(*RELATED_COLUMNS)


@register.simple_tag
def jsonld_website():
    """schema.org WebSite for the home page, with the site search."""
    return jsonld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "inLanguage": "zh-Hans",
            "potentialAction": {
                "@type": "SearchAction",
                "target": settings.SITE_URL + "/search/?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        }
    )


_FIRST_PARAGRAPH = re.compile(r"^\s*<p(\s[^>]*)?>", re.I)


@register.simple_tag
def body_with_dateline(article):
    """The story's (already sanitized) body with the dateline run into its
    first paragraph, as a paper prints it: 本报讯 11月20日清晨……"""
    body = article.body or ""
    if not article.dateline:
        return mark_safe(body)
    dateline = format_html('<span class="dateline">{}</span> ', article.dateline)
    match = _FIRST_PARAGRAPH.match(body)
    if match:
        return mark_safe(body[: match.end()] + dateline + body[match.end() :])
    return mark_safe(format_html("<p>{}</p>", dateline) + body)


@register.filter
def photo_credit(credit):
    """王汉平 → 王汉平 摄; a credit that already says 摄 or 提供 is kept as is."""
    credit = (credit or "").strip()
    if not credit or credit.endswith(("摄", "提供", "供图")):
        return credit
    return f"{credit} 摄"
