import datetime as dt

from django.conf import settings
from django.db import connections, router
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import (
    ArchiveIndexView,
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from articles import compiled_sql, fragments, list_ids, list_owners, params
from articles.cards import (
    LEAD,
    Block,
    IdsWithNewestRows,
    card_kind,
    join_cards,
    newest_rows,
    render_blocks,
    render_cards,
    render_cards_by_id,
)
from articles.models import Article, Department, Edition, PrintPage, SlugHistory
from articles.page_cache import declared, depends_on, row_key, versions_seen
from articles.page_shell import ShellMixin
from articles.paginators import UncountedPaginator
from articles.querysets import published_for_detail
from articles.site import SiteMixin
from articles.story_markup import section_blocks_html, story_list_html
from articles.templatetags.news import story_page_rows
from people.models import Person
from people.templatetags.people_tags import (
    most_in_the_news_fragment,
    most_in_the_news_html,
    most_in_the_news_query,
)


def can_preview(user):
    """Staff who may read unpublished stories on the site."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("articles.view_article"))


class PublishedListMixin(SiteMixin):
    paginate_by = 20
    paginator_class = UncountedPaginator

    def published(self):
        return Article.objects.published().for_cards().newest_first()


def _page_outdated(request) -> bool:
    """Whether the page cache kept this page before and it is now outdated
    (most likely by a publish), on a database that runs several statements
    in one round trip: then the list's newest stories' card rows are read
    with its ids. A page never kept (a cold cache) has every card to load
    anyway, in one query."""
    return getattr(request, "_page_cache_fallback", None) is not None and (
        compiled_sql.one_round_trip(connections[router.db_for_read(Article)])
    )


class StoryListShellMixin(ShellMixin, PublishedListMixin):
    """A section's or a tag's page: the shell, and the page's stories with its
    pagination as a region. The list loads only its stories' ids (a query
    compiled once per process: ``list_ids``): their cards come from the
    fragment cache, and only the rows of those not there are loaded."""

    newest_rows = 2  # the newest stories whose card rows are read with the first page's ids

    def get_paginator(self, queryset, *args, **kwargs):
        if _page_outdated(self.request) and isinstance(queryset, list_ids.Ids) and not self._card_held():
            queryset = IdsWithNewestRows(queryset, self.newest_rows, router.db_for_read(Article))
        self._ids = queryset
        return super().get_paginator(queryset, *args, **kwargs)

    def _card_held(self) -> bool:
        """Whether the story that last joined this list (bumped with it, so
        at the list's version) has a list card this process holds: then no
        row need be read with the ids. Its other cards (the home page's) do
        not count: the list would then read its card's row in a query of
        its own."""
        seen = versions_seen()
        tokens = [seen[name][0] for name in declared() if name.startswith("list:") and name in seen]
        return bool(tokens) and all(fragments.holds_version(token, card_kind("list")) for token in tokens)

    def get_regions(self, context):
        preloaded = getattr(getattr(self, "_ids", None), "preloaded", ())
        cards = render_cards_by_id([(pk, "list") for pk in context["object_list"]], preloaded)
        cards = join_cards(cards[pk, "list"] for pk in context["object_list"] if (pk, "list") in cards)
        return {"stories": story_list_html(context["page_obj"], cards)}


class HomeView(ShellMixin, SiteMixin, TemplateView):
    template_name = "articles/home.html"
    per_department = 4
    latest_count = 12
    preloaded = 2  # the newest stories whose card rows are read with the lists' ids

    def get_regions(self, context):
        depends_on("list:all", "list:mentions")
        # The sidebar is counted with the lists' ids, in their round trip, and
        # its fragment (named by what it shows) read with the cards.
        also = [most_in_the_news_query()]
        # A page kept before and now outdated: the newest stories' card rows
        # too, so that a new story's lead and cards need no query of their own.
        if together := _page_outdated(self.request):
            also.append(newest_rows(self.preloaded))
        newest, by_department, people, *preloaded = self._lists(also)
        preloaded = preloaded[0] if together else ()
        fragments.expect(most_in_the_news_fragment(people))
        return {
            "stories": render_to_string("includes/home_stories.html", self.stories(newest, by_department, preloaded)),
            "most_in_the_news": most_in_the_news_html(people, router.db_for_read(Person)),
        }

    def _lists(self, also) -> tuple[list, ...]:
        """``list_ids.home()``'s rows, the sections' as (story id, section's id, name, slug)."""
        newest, sections, *others = list_ids.home(self.latest_count + 1, self.per_department + 1, *also)
        rows = [(pk, d, name, slug) for d, name, slug, ids in sections for pk in ids]
        return newest, rows, *others

    def stories(self, newest, by_department, preloaded=()):
        """The lead, the newest stories and each section's newest, as cards,
        from the lists' ids (and the sections' names).

        Each list is one cached block of cards, named by its stories' ids:
        after a publish only the blocks the new story joined are joined again
        from their cards. Every card, the lead's too, comes from the fragment
        cache or from one query for the rows of those that are not there."""
        lead = next((pk for pk, kind in newest if kind == Article.Kind.STORY), newest[0][0] if newest else None)
        latest = [pk for pk, _ in newest if pk != lead][: self.latest_count]
        by_section = {}
        for pk, *department in by_department:
            if pk != lead:  # already the lead story at the top of the page
                by_section.setdefault(tuple(department), []).append(pk)
        blocks = [Block("home-latest", tuple((pk, "latest") for pk in latest))]
        for (d, name, slug), ids in by_section.items():
            items = tuple((pk, "compact") for pk in ids[: self.per_department])
            blocks.append(Block(f"home-department:{d}", items, _department_blocks, _department_row(d), (d, name, slug)))
        (latest_html, *departments), singles = render_blocks(blocks, [(lead, LEAD)] if lead else [], preloaded)
        return {"lead": singles.get((lead, LEAD)), "latest": latest_html, "departments": join_cards(departments)}


def _department_row(pk) -> frozenset[str]:
    return frozenset({row_key(Department, pk)})


def _department_blocks(blocks) -> list[str]:
    """Sections' blocks on the home page, around their cards (``story_markup``)."""
    return section_blocks_html([(block.about, cards) for block, cards in blocks])


class DepartmentView(StoryListShellMixin, ListView):
    template_name = "articles/department.html"

    def get_queryset(self):
        # The section's row is shown by the shell only (the stories' cards carry their own).
        pk = self.carried("department")
        if pk is not None:
            self.department = Department(pk=pk)
        else:
            self.department = list_owners.department(self.kwargs["slug"])
            if self.department is None:
                raise Http404("No section at this address.")
            self.carry("department", self.department.pk)
        depends_on(f"list:department:{self.department.pk}")
        return list_ids.in_department(self.department.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(department=self.department, **kwargs)


class TagView(StoryListShellMixin, ListView):
    template_name = "articles/tag.html"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # A tag only drafts carry does not exist for readers: its empty first
        # page is a 404, told by the page's own query (no EXISTS query first).
        return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page=False, **kwargs)

    def get_queryset(self):
        pk = self.carried("tag")  # as the section's row above
        if pk is not None:
            self.tag = Tag(pk=pk)
        else:
            self.tag = list_owners.tag(self.kwargs["slug"])
            if self.tag is None:
                raise Http404("No tag at this address.")
            self.carry("tag", self.tag.pk)
        depends_on(f"list:tag:{self.tag.pk}")
        return list_ids.tagged(self.tag.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(SiteMixin, DetailView):
    """A story. Readers see published stories only; staff who may preview see
    any story, marked as a preview and kept out of caches and search engines.
    A former slug answers a permanent redirect to the current URL."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.preview = False
        article = published_for_detail(slug, router.db_for_read(Article))
        if article is None:
            may_preview = can_preview(request.user)
            former = SlugHistory.objects.filter(slug=slug).select_related("article").first()
            if former and former.article.slug != slug and (former.article.is_public or may_preview):
                url = former.article.get_absolute_url()
                if request.GET.get("preview") and may_preview:
                    url += "?preview=1"
                return redirect(url, permanent=True)
            if may_preview:
                article = Article.objects.for_detail().filter(slug=slug).first()
                self.preview = article is not None
            if article is None:
                raise Http404("No published story at this address.")
        elif request.GET.get("preview") and can_preview(request.user):
            self.preview = True
        self.object = article
        # The related stories come from lists of the story's tags and people.
        depends_on(
            f"{Article._meta.label_lower}:{article.pk}",
            *(f"list:tag:{tag.pk}" for tag in article.tags.all()),
            *(f"list:person:{mention.person_id}" for mention in article.mentions.all()),
        )
        response = self.render_to_response(self.get_context_data(object=article))
        if self.preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_canonical_url(self):
        return settings.SITE_URL + self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(preview=self.preview, **kwargs)
        if not fragments.enabled():
            # No navigation fragment to reuse: its rows come in the related stories' round trip.
            context.update(story_page_rows(self.object))
        return context


class _ArchiveMixin(PublishedListMixin):
    date_field = "publish_at"
    allow_future = False
    month_format = "%m"
    make_object_list = True

    def get_queryset(self):
        depends_on("list:all")
        return self.published()

    def get(self, request, *args, **kwargs):
        # Django's date archives compute the next period's first day, which
        # Python cannot make past year 9999; outside the one date range no
        # story can be filed anyway, so such an address is simply not found.
        if "year" in kwargs:
            try:
                first = dt.date(kwargs["year"], kwargs.get("month", 1), kwargs.get("day", 1))
            except (ValueError, OverflowError) as exc:
                raise Http404("No such date.") from exc
            if params.day_range_error(first):
                raise Http404("No such date.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = join_cards(render_cards([(story, "list") for story in context["object_list"]]))
        return context


class ArchiveView(_ArchiveMixin, ArchiveIndexView):
    template_name = "articles/archive_index.html"
    allow_empty = True
    date_list_period = "month"


class YearView(_ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"


class MonthView(_ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayView(_ArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
    day_format = "%d"


def _editions_with_published_stories():
    published = Article.objects.published().filter(print_page__edition=OuterRef("pk"))
    return Edition.objects.select_related("publication").filter(Exists(published))


class EditionListView(SiteMixin, ListView):
    template_name = "articles/edition_list.html"
    paginate_by = 30
    context_object_name = "editions"

    def get_queryset(self):
        depends_on("list:all")
        return _editions_with_published_stories().order_by("-date", "publication__name")


class EditionDetailView(SiteMixin, DetailView):
    """One day's paper, page by page, each page's stories in print order."""

    template_name = "articles/edition_detail.html"
    context_object_name = "edition"

    def get_object(self, queryset=None):
        try:
            day = self._date()
        except (ValueError, OverflowError) as exc:
            raise Http404("No such date.") from exc
        stories = Article.objects.published().for_list().order_by("print_position", "pk")
        depends_on(f"list:edition:{self.kwargs['publication']}/{day.isoformat()}")
        pages = PrintPage.objects.filter(Exists(Article.objects.published().filter(print_page=OuterRef("pk"))))
        return get_object_or_404(
            _editions_with_published_stories().prefetch_related(
                Prefetch(
                    "pages",
                    queryset=pages.order_by("number").prefetch_related(
                        Prefetch("articles", queryset=stories, to_attr="published_articles")
                    ),
                    to_attr="published_pages",
                )
            ),
            publication__slug=self.kwargs["publication"],
            date=day,
        )

    def _date(self):
        from datetime import date

        return date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /*?preview=",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/sitemap-news.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
