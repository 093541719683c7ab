"""The repeated parts of a story's page (bylines, tags, people, related
stories), the home page's section blocks and a list page's stories region,
built from their rows with format strings.

Each was a loop in a template (or an included template) resolving a handful
of variables per item through the template engine: on a cold story page
they cost more CPU than the rest of its markup. The markup is the templates'
own, byte for byte (``tests/site/test_page_markup.py`` keeps the templates
they replaced as the reference); every value is escaped as the template
escaped it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import conditional_escape as esc

from articles.byline_roles import WEB_PREFIX, WEB_SUFFIX
from articles.slug_urls import slug_url_function
from articles.tag_urls import tag_url_function


def _byline(byline, person_url) -> str:
    prefix, suffix = WEB_PREFIX.get(byline.role, ""), WEB_SUFFIX.get(byline.role, "")
    parts = [f"{esc(prefix)} " if prefix else ""]
    if byline.person_id:
        person = byline.person
        parts.append(f'<a href="{esc(person_url(person.slug))}">{esc(person.name)}</a>')
    else:
        parts.append(esc(byline.credit))
    if suffix:
        parts.append((" " if byline.person_id else "") + esc(suffix))
    return '<span class="byline__item">' + "".join(parts) + "</span>"


def bylines_html(bylines) -> str:
    """The byline paragraph of ``bylines`` (in order), or nothing."""
    if not bylines:
        return ""
    person_url = slug_url_function("people:detail")
    return '<p class="byline">' + "".join(_byline(byline, person_url) for byline in bylines) + "</p>"


def tags_html(tags) -> str:
    """The story's tags section, each linked to its page, or nothing."""
    if not tags:
        return ""
    tag_url = tag_url_function("articles:tag")
    items = "".join(f'<li><a href="{esc(tag_url(tag.slug))}">{esc(tag.name)}</a></li>' for tag in tags)
    return (
        '<section class="tags" aria-labelledby="tags-title"><h2 id="tags-title">标签</h2>'
        f'<ul class="tag-list">{items}</ul></section>'
    )


def tag_meta_html(tags) -> str:
    """An ``article:tag`` meta element per tag, a line each."""
    return "".join(f'<meta property="article:tag" content="{esc(tag.name)}">\n' for tag in tags)


def mentions_html(mentions) -> str:
    """The people named in the story (文中人物), each linked to their page, or nothing."""
    if not mentions:
        return ""
    person_url = slug_url_function("people:detail")
    items = []
    for mention in mentions:
        person = mention.person
        title = f' <span class="muted">{esc(mention.title)}</span>' if mention.title else ""
        items.append(f'<li><a href="{esc(person_url(person.slug))}">{esc(person.name)}</a>{title}</li>')
    return (
        '<section class="people-in-story" aria-labelledby="people-title"><h2 id="people-title">文中人物</h2>'
        f'<ul class="link-list">{"".join(items)}</ul></section>'
    )


def related_html(rows) -> str:
    """The related stories' section of (id, slug, headline, publish_at) rows, or nothing."""
    from articles.templatetags.news import cn_date_text

    if not rows:
        return ""
    story_url = slug_url_function("articles:detail")
    items = []
    for _pk, slug, headline, publish_at in rows:
        # As the date filter shows a time: in the current time zone (``template_localtime``).
        local = timezone.template_localtime(publish_at)
        items.append(
            f'<li><a href="{esc(story_url(slug))}">{esc(headline)}</a> '
            f'<time datetime="{local.isoformat()}">{cn_date_text(local)}</time></li>'
        )
    return (
        '<section class="related" aria-labelledby="related-title">\n  <h2 id="related-title">相关报道</h2>\n'
        f'  <ul class="link-list">\n    {"".join(items)}\n  </ul>\n</section>'
    )


def section_blocks_html(blocks) -> list[str]:
    """The home page's block of each section, around its cards' HTML:
    ``blocks`` are ((id, name, slug), cards) pairs, in order."""
    department_url = slug_url_function("articles:department")
    return [
        f'\n<section class="department-block" aria-labelledby="dept-{pk}">\n'
        f'  <h2 id="dept-{pk}" class="section-title"><a href="{esc(department_url(slug))}">{esc(name)}</a></h2>\n'
        f'  <div class="story-list story-list--compact">\n  {cards}\n  </div>\n</section>\n'
        for (pk, name, slug), cards in blocks
    ]


def pagination_html(page, param: str = "page") -> str:
    """``includes/pagination.html`` of ``page``: 上一页/下一页 and the page
    number (and the number of pages, from a paginator that counts)."""
    if not page.has_other_pages():
        return "\n"
    param = esc(param)
    previous = f'<a rel="prev" href="?{param}={page.previous_page_number()}">上一页</a>' if page.has_previous() else ""
    total = f"，共 {page.paginator.num_pages} 页" if getattr(page.paginator, "counted", None) is not False else ""
    following = f'<a rel="next" href="?{param}={page.next_page_number()}">下一页</a>' if page.has_next() else ""
    return (
        f'<nav class="pagination" aria-label="分页">\n  {previous}\n  <span>第 {page.number} 页{total}</span>\n'
        f"  {following}\n</nav>\n"
    )


def story_list_html(page, cards) -> str:
    """``includes/story_list.html`` of ``page`` around its cards' HTML (a
    section's or a tag's list, the region its page's shell is filled with)."""
    number = f'<p class="muted">第 {page.number} 页</p>' if page.number > 1 else ""
    shown = cards or '<p class="empty">暂无稿件。</p>'
    return f'{number}\n<div class="story-list">\n{shown}\n</div>\n{pagination_html(page)}\n'
