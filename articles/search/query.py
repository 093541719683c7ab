"""Searching articles: what the readers' page, the JSON API and the admin call.

``search_articles()`` ranks (see ``backends``), paginates and makes
highlighted snippets; ``admin_search()`` narrows an admin changelist.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import router
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.sanitize import html_to_text
from articles.search import tokens as tk
from articles.search.backends import PublicScope, backend_for
from newsroom.db_router import reads_from

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
SNIPPET_CHARS = 120
SNIPPET_LEAD = 30  # characters shown before the first match


@dataclass
class SearchResults:
    """A ranked search. ``hits`` are article ids in rank order (every page);
    ``page``, ``articles`` and ``snippets`` are for the page asked for (each
    article also carries ``search_snippet`` and ``search_headline``)."""

    query: tk.ParsedQuery
    hits: list[int]
    total: int
    page: Page
    total_is_estimate: bool = False
    articles: list = field(default_factory=list)
    snippets: dict[int, SafeString] = field(default_factory=dict)
    headlines: dict[int, SafeString] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.query.truncated


def highlight(text: str, tokens: list[str]) -> SafeString:
    """``text`` HTML-escaped, with every occurrence of ``tokens`` wrapped in
    <mark>. Matching is done on the raw text, folded as the index folds it
    (a headline printed 臺灣 is marked for 台湾), and each piece escaped on
    its own, so a token can never match inside an entity or produce markup."""
    folded = _Folded()
    folded.append(text)
    return _marked(text, folded.spans(tokens))


def _marked(text: str, spans) -> SafeString:
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


class _Folded:
    """Text as the reader sees it, searched as the index sees it (folded,
    see ``tokens.fold_with_offsets``); spans are in the reader's characters."""

    def __init__(self):
        self.text, self.folded, self.offsets = "", "", []

    def append(self, text: str, separator: str = " ") -> None:
        if self.text:
            self.offsets.append(len(self.text))
            self.text += separator
            self.folded += separator
        folded, offsets = tk.fold_with_offsets(text)
        self.offsets.extend(len(self.text) + i for i in offsets)
        self.text += text
        self.folded += folded

    def spans(self, tokens) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for s, e in tk.find_spans(self.folded, tokens):
            start, end = self.offsets[s], self.offsets[e - 1] + 1
            if spans and start < spans[-1][1]:
                # Two matches inside one character's folding (㎡ → m2, a
                # match on m and one on 2) mark that character once.
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        return spans


def snippet(article, tokens: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """A window of the story's text around its first match, highlighted, in
    the story's own characters (matched folded: full-width and case).
    Falls back to the start of the summary or body when only the headline,
    people or tags matched.

    Paragraphs are folded one at a time and only until the window is full:
    folding whole bodies was an eighth of a search's time, and the first
    match is usually in the first paragraphs."""
    paragraphs = html_to_text(article.body).split("\n")
    text, start, more = _Folded(), None, False
    for i, paragraph in enumerate(paragraphs):
        text.append(paragraph)
        if start is None:
            spans = text.spans(tokens)
            if spans:
                start = max(0, spans[0][0] - SNIPPET_LEAD)
        if start is not None and len(text.text) > start + length:
            more = i < len(paragraphs) - 1
            break
    if start is None:
        summary = _Folded()
        summary.append(article.summary or "")
        spans = summary.spans(tokens)
        if spans:
            text, start = summary, max(0, spans[0][0] - SNIPPET_LEAD)
        else:
            text, start = (summary if summary.text else text), 0
    end = min(len(text.text), start + length)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in text.spans(tokens) if s < end and e > start]
    html = _marked(text.text[start:end], window)
    return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(text.text) or more else ""))


def _by_slug(model, value):
    """``value`` as an instance of ``model``: itself, or the one with that
    slug. Raises EmptyResultSet when the slug names nothing, since a filter
    on an unknown section or person can match nothing."""
    if isinstance(value, str):
        value = model.objects.filter(slug=value).first()
        if value is None:
            raise EmptyResultSet
    return value


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(queryset, *, department=None, person=None, date_from=None, date_to=None):
    """``queryset`` narrowed by section (with sub-sections), person (byline or
    mention, by instance or slug) and publish dates (inclusive, local days)."""
    from articles.models import Department
    from people.models import Person

    try:
        if department:
            queryset = queryset.in_department(_by_slug(Department, department))
        if person:
            queryset = queryset.about_or_by(_by_slug(Person, person))
    except EmptyResultSet:
        return queryset.none()
    if date_from:
        queryset = queryset.filter(publish_at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(publish_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return queryset


def public_scope(now, *, department=None, person=None, date_from=None, date_to=None) -> PublicScope:
    """``filtered(Article.objects.published(now=now), …)`` in the search
    table's terms, for the backends that can answer readers from it alone.
    Raises EmptyResultSet for a section or person that does not exist."""
    from articles.models import Department
    from people.models import Person

    department_ids = person_id = None
    if department:
        department = _by_slug(Department, department)
        department_ids = (department.pk, *Department.objects.filter(parent=department).values_list("pk", flat=True))
    if person:
        person_id = _by_slug(Person, person).pk
    return PublicScope(
        now=now,
        department_ids=department_ids,
        person_id=person_id,
        published_from=_day_start(date_from) if date_from else None,
        published_before=_day_start(date_to + dt.timedelta(days=1)) if date_to else None,
    )


def search_articles(
    query: str,
    *,
    now=None,
    department=None,
    person=None,
    date_from=None,
    date_to=None,
    page=1,
    per_page=DEFAULT_PER_PAGE,
) -> SearchResults:
    """Rank the stories a reader may see at ``now`` (default: now) matching
    ``query``, and prepare page ``page``.

    An empty or punctuation-only query finds nothing (``results.query`` is
    falsy); an over-long one is cut (``results.truncated``). ``page`` may be
    anything a URL carries: not a number means the first page, past the end
    the last one.
    """
    from articles.models import Article, Department
    from people.models import Person

    now = now or timezone.now()
    queryset = Article.objects.published(now=now)
    using = queryset.db if queryset.db else router.db_for_read(Article)
    parsed = tk.parse_query(query or "")
    hits, total, estimated = [], 0, False
    if parsed:
        try:
            # Slugs looked up once, for both the queryset and the scope.
            department = _by_slug(Department, department) if department else None
            person = _by_slug(Person, person) if person else None
            base = filtered(queryset, department=department, person=person, date_from=date_from, date_to=date_to)
            scope = public_scope(now, department=department, person=person, date_from=date_from, date_to=date_to)
            hits, total, estimated = backend_for(using).rank(base, parsed, using, scope)
        except EmptyResultSet:  # a filter that can match nothing, e.g. an unknown section
            pass

    per_page = max(1, min(_int(per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE))
    paginated = Paginator(hits, per_page).get_page(page)
    results = SearchResults(query=parsed, hits=hits, total=total, page=paginated, total_is_estimate=estimated)
    page_ids = list(paginated.object_list)
    if page_ids:
        # The results list shows headline, section, date and snippet: no
        # bylines or tags to prefetch.
        by_id = queryset.filter(pk__in=page_ids).select_related("department").in_bulk()
        results.articles = [by_id[i] for i in page_ids if i in by_id]
        tokens = parsed.highlight_tokens
        for article in results.articles:
            article.search_snippet = results.snippets[article.pk] = snippet(article, tokens)
            article.search_headline = results.headlines[article.pk] = highlight(article.headline, tokens)
    return results


@contextmanager
def editors_search(model):
    """Around everything an editor's search reads (the admin changelist: the
    count, the page, the date hierarchy): one database and, on PostgreSQL,
    one transaction for all of it, so that the search may turn sequential
    scans off for the queries that follow (PostgresBackend.matching). A word
    in most stories took 2.3 s a changelist at 200,000 stories, 0.6 s so."""
    alias = router.db_for_read(model)
    with reads_from(alias), backend_for(alias).session(alias):
        yield alias


def admin_search(queryset, term: str):
    """For ``ModelAdmin.get_search_results``: ``queryset`` (drafts and all,
    with whatever filters it already has) narrowed to stories containing every
    word of ``term``, or with that id. Returns ``(queryset, may_have_duplicates)``::

        def get_search_results(self, request, queryset, search_term):
            return admin_search(queryset, search_term)

    (``search_fields`` must stay non-empty for the changelist to show its box.)
    """
    parsed = tk.parse_query(term or "")
    if not parsed:
        return queryset, False
    using = queryset.db
    condition = Q(pk__in=backend_for(using).matching(parsed, using))
    if term.strip().isdigit() and len(term.strip()) < 18:
        condition |= Q(pk=int(term.strip()))
    return queryset.filter(condition), False


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
