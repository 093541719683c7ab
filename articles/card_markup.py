"""Story cards filled in from plain rows, with the card template's own markup.

Rendering ``includes/article_item.html`` resolves a dozen template variables
on a story instance and its bylines for every card: most of a cold list
page's CPU. Here the template is rendered once per *shape* of card (the
variant, and which of the story's fields and bylines are there, which is
what its ``{% if %}`` and ``{% for %}`` tags decide) with marker values, and
the output becomes a format string with a field where each marker was. A
card is then that format string filled with the story's values, escaped as
the template escapes them: the same bytes as the template's, with no
template, model instance or variable lookup per card.

The template stays the only source of the markup. Each compiled shape is
checked once against a second render of the template with other values
(long, Chinese, with every character HTML escapes, another time of day): a
template that shows something the fields below do not account for (another
column, another filter, a truncation, an unescaped value) fails the check,
and so does one whose render of a probe runs a query (a column the row does
not hold, a relation); that shape is then rendered by the template, card by
card, as before. Every card rendered either way is announced to the test
client as a render of the card template.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from html import escape
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.template import Context, Template
from django.test.signals import template_rendered
from django.utils import timezone, translation

from articles.slug_urls import slug_url_function
from articles.templatetags.news import cn_date_text, cn_datetime_text


class BylineRow(NamedTuple):
    pk: int
    person_id: int | None
    credit: str
    role: str
    position: int
    name: str | None  # the person's
    slug: str | None  # the person's


class CardRow(NamedTuple):
    """What a card shows of a story: its columns (``querysets.CARD_FIELDS``),
    its department's and its bylines' (in order)."""

    pk: int
    kind: str
    kicker: str
    headline: str
    subtitle: str
    slug: str
    summary: str
    publish_at: dt.datetime
    department_id: int | None
    department_name: str | None
    department_slug: str | None
    bylines: tuple[BylineRow, ...] = ()


class CardBatch:
    """What the cards rendered together share, each resolved once: the
    addresses around their slugs, and the time zone to show times in."""

    def __init__(self):
        self.story_url = slug_url_function("articles:detail")
        self.department_url = slug_url_function("articles:department")
        self.person_url = slug_url_function("people:detail")
        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        # Markup compiled in one language and time zone holds their words and
        # offsets: it is kept apart from markup compiled in another.
        self.setting = (translation.get_language(), str(self.zone))

    def local(self, value: dt.datetime) -> dt.datetime:
        """``value`` as templates show it (``template_localtime``)."""
        if self.zone is None or timezone.is_naive(value):
            return value
        return value.astimezone(self.zone)


def _byline_field(row: CardRow, batch: CardBatch, name: str) -> str | None:
    number, _, what = name.removeprefix("byline").partition("_")
    byline = row.bylines[int(number)]
    if what == "credit":
        return byline.credit
    if byline.person_id is None:
        return None
    return {
        "name": byline.name,
        "person_id": str(byline.person_id),
        "slug": byline.slug,
        "url": batch.person_url(byline.slug) if byline.slug else None,
    }[what]


class CardFields(dict):
    """Every value of ``row`` a card template could show, by field name, as
    the template prints it (escaped), each computed when the markup first
    asks for it (``str.format_map``)."""

    # Not its kind: that is part of a card's shape, the same in every card of its markup.
    STORY = ("pk", "kicker", "headline", "subtitle", "slug", "summary", "url", "time_iso", "time_cn", "date_cn")
    DEPARTMENT = ("department_id", "department_name", "department_slug", "department_url")
    BYLINE = ("credit", "name", "person_id", "slug", "url")

    def __init__(self, row: CardRow, batch: CardBatch):
        super().__init__()
        self.row, self.batch = row, batch

    def names(self) -> list[str]:
        """The names of the fields ``row`` has."""
        names = list(self.STORY)
        if self.row.department_id is not None:
            names += self.DEPARTMENT
        for i, byline in enumerate(self.row.bylines):
            names += [f"byline{i}_{what}" for what in self.BYLINE if what == "credit" or byline.person_id is not None]
        return names

    def __missing__(self, name: str) -> str:
        row = self.row
        if name.startswith("byline"):
            value = _byline_field(row, self.batch, name)
        elif name == "url":
            value = self.batch.story_url(row.slug)
        elif name == "department_url":
            value = self.batch.department_url(row.department_slug)
        elif name == "time_iso":
            # The date filter's "c": isoformat() of the time localized as templates localize it.
            value = self.batch.local(row.publish_at).isoformat()
        elif name == "time_cn":
            value = cn_datetime_text(self.batch.local(row.publish_at))
        elif name == "date_cn":
            value = cn_date_text(self.batch.local(row.publish_at))
        elif name == "pk" or name == "department_id":
            value = str(getattr(row, name))
        elif name in self.STORY or name in self.DEPARTMENT:
            value = getattr(row, name)
        else:
            raise KeyError(name)
        value = self[name] = escape(value) if value is not None else ""
        return value

    def all(self) -> dict[str, str]:
        return {name: self[name] for name in self.names()}


def shape(row: CardRow, variant: str) -> tuple:
    """What decides a card's markup besides its values: its variant, its kind,
    which optional fields it has and its bylines' kinds."""
    return (
        variant,
        row.kind,
        bool(row.headline),
        bool(row.kicker),
        bool(row.subtitle),
        bool(row.summary),
        row.department_id is not None,
        tuple((b.person_id is not None, b.role, bool(b.credit)) for b in row.bylines),
    )


# --------------------------------------------------------------------------- probes

_MARK = "qz{}qz"
_TIMES = (
    dt.datetime(2003, 4, 5, 6, 7, 8, tzinfo=dt.UTC),
    dt.datetime(2019, 11, 22, 23, 58, 59, 123456, tzinfo=dt.UTC),
)


def _probe_text(name: str, second: bool) -> str:
    if not second:
        return _MARK.format(name)
    # Long (a truncating filter shows, even at a thousand characters), on two
    # lines (linebreaks), with an address (urlize), Chinese, and every
    # character escaping changes.
    return f"<b class=\"{name}\">'乙' & “{name}”</b>\nhttps://example.com/{name} www.example.org" + "长" * 1200


def probe(row: CardRow, second: bool = False) -> CardRow:
    """A row of ``row``'s shape with marker values (``second``: other values)."""
    n = 2 if second else 1

    def text(value, name):
        return _probe_text(name, second) if value else value

    def number(i):
        return 987_654_000 + 100 * n + i

    return CardRow(
        pk=number(0),
        kind=row.kind,
        kicker=text(row.kicker, "kicker"),
        headline=text(row.headline, "headline"),
        subtitle=text(row.subtitle, "subtitle"),
        slug=f"qzslug{n}qz",
        summary=text(row.summary, "summary"),
        publish_at=_TIMES[n - 1],
        department_id=None if row.department_id is None else number(1),
        department_name=None if row.department_id is None else _probe_text("department", second),
        department_slug=None if row.department_id is None else f"qzdepartment{n}qz",
        bylines=tuple(
            BylineRow(
                pk=number(10 + i),
                person_id=None if b.person_id is None else number(50 + i),
                credit=text(b.credit, f"credit{i}"),
                role=b.role,
                position=i,
                name=None if b.person_id is None else _probe_text(f"person{i}", second),
                slug=None if b.person_id is None else f"qzperson{i}n{n}qz",
            )
            for i, b in enumerate(row.bylines)
        ),
    )


def compile_markup(html: str, fields: dict[str, str]) -> str:
    """``html`` (rendered from a probe whose fields are ``fields``) as a format
    string with a ``{field}`` wherever a field's value was."""
    # An empty field is markup-free: the template's {% if %} left it out, or it prints nothing.
    by_value = {value: name for name, value in fields.items() if value}
    pattern = re.compile("|".join(re.escape(v) for v in sorted(by_value, key=len, reverse=True)))
    parts, position = [], 0
    for match in pattern.finditer(html):
        parts.append(html[position : match.start()].replace("{", "{{").replace("}", "}}"))
        parts.append("{" + by_value[match.group()] + "}")
        position = match.end()
    parts.append(html[position:].replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


class CompiledCards:
    """The card markup of each shape, compiled from a template on first use.

    ``render_template(row, variant)`` renders the template for a row (the
    slow way, and the check); a shape the check refuses is kept as ``None``
    and rendered that way."""

    MAX_SHAPES = 4096

    def __init__(self, render_template):
        self.render_template = render_template
        self.markup: dict[tuple, str | None] = {}

    def render(self, row: CardRow, variant: str, batch: CardBatch) -> str:
        key = (batch.setting, shape(row, variant))
        try:
            markup = self.markup[key]
        except KeyError:
            markup = self._compile(row, variant, batch)
            if len(self.markup) < self.MAX_SHAPES:
                self.markup[key] = markup
        if markup is None:
            return self.render_template(row, variant)
        return markup.format_map(CardFields(row, batch))

    def _compile(self, row: CardRow, variant: str, batch: CardBatch) -> str | None:
        # In a context of its own, so that the probes' made-up rows reach no
        # page's dependencies; in the request's language and time zone.
        language, zone = translation.get_language(), timezone.get_current_timezone()

        def compile_and_check():
            with translation.override(language), timezone.override(zone), _no_queries():
                first, second = probe(row), probe(row, second=True)
                markup = compile_markup(self.render_template(first, variant), CardFields(first, batch).all())
                if markup.format_map(CardFields(second, batch)) != self.render_template(second, variant):
                    return None
                return markup

        try:
            return contextvars.Context().run(compile_and_check)
        except ProbeQueried:
            return None


class ProbeQueried(Exception):
    """A card template rendering a probe ran a query: it shows something the row
    does not hold (a column not loaded, a relation), which a probe's made-up
    ids cannot stand for."""


@contextlib.contextmanager
def _no_queries():
    def refuse(*args, **kwargs):
        raise ProbeQueried

    with contextlib.ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(refuse))
        yield


def announce_renders(template, contexts: list[dict]) -> None:
    """Tell ``template_rendered``'s listeners (the test client) that
    ``template`` rendered a card with each of ``contexts``, as renders of the
    template itself would: a card filled in from compiled markup is a render
    of it. Django sends that signal only from templates the test environment
    instruments, and so does this."""
    from django.test.utils import instrumented_test_render

    if contexts and Template._render is instrumented_test_render:
        for context in contexts:
            template_rendered.send(sender=template, template=template, context=Context(context))
