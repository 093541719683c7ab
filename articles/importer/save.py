"""Saving a planned page: the ORM side of the print-page importer.

One call saves one page inside the caller's transaction. Articles are found
again by ``import_ref`` (publication/date/page/position), so importing the same
page twice updates it. A person named in a story is a known person when the
name and the title or department fit (people.matching), else someone new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from articles import workflow
from articles.importer.plan import PagePlan, PlannedItem
from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication
from articles.row_locks import lock_stories
from people.models import Alias, Mention, MentionRejection, Person
from people.resolve import find_or_create_person

# A morning paper: stories of an edition went public when it came out.
EDITION_PUBLISH_TIME = dt.time(6, 0)
STAFF_ROLES = {Byline.Role.REPORTER, Byline.Role.PHOTOGRAPHER, Byline.Role.EDITOR}


class StoriesRefused(Exception):
    """The import would rewrite or delete stories its user may not change."""


@dataclass(frozen=True)
class Placement:
    publication: str
    date: dt.date
    page: int
    department: Department | None = None
    title: str = ""  # the page's name from its header (要闻); kept as it was when empty


@dataclass
class ImportSummary:
    pages: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    people_created: int = 0
    mentions: int = 0
    low_confidence: int = 0
    article_ids: list[int] = field(default_factory=list)

    def add(self, other: ImportSummary) -> None:
        for name in ("pages", "created", "updated", "removed", "people_created", "mentions", "low_confidence"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.article_ids += other.article_ids

    def __str__(self):
        return (
            f"pages {self.pages}, articles created {self.created}, updated {self.updated}, "
            f"removed {self.removed}, people created {self.people_created}, mentions {self.mentions}, "
            f"low-confidence items {self.low_confidence}"
        )


def known_people() -> dict[str, str]:
    """Names and aliases of the people the newsroom vouches for, mapped to the person's name.

    Everyone except the people known only from mentions that the importer made
    and no editor confirmed: trusting those would repeat one wrong guess on
    every page imported after it.
    """
    importer_guesses = (
        Person.objects.filter(on_staff=False, mentions__isnull=False)
        .exclude(mentions__confirmed=True)
        .exclude(mentions__origin=Mention.Origin.EDITOR)
    )
    trusted_ids = Person.objects.exclude(pk__in=importer_guesses.values("pk")).values("pk")
    known = dict(Person.objects.filter(pk__in=trusted_ids).values_list("name", "name"))
    known.update(Alias.objects.filter(person__in=trusted_ids).values_list("name", "person__name"))
    return known


class _People:
    """Finds or creates people by name within one import, counting creations."""

    def __init__(self):
        self.created = 0
        self._cache: dict[tuple[str, bool], Person] = {}

    def get(self, name: str, *, staff: bool = False, description: str = "") -> Person:
        key = (name, staff)
        if key not in self._cache:
            candidates = list(Person.objects.matching_name(name).order_by("-on_staff" if staff else "on_staff", "pk"))
            if candidates:
                person = candidates[0]
            else:
                person = Person.objects.create(name=name, on_staff=staff, description=description[:200])
                self.created += 1
            self._cache[key] = person
        return self._cache[key]

    def mentioned(self, name: str, title: str, department_id: int | None, previous: dict[str, int]) -> Person:
        """The person a story names: the one this story named before (a re-import), a known
        person whose title or department fits, or someone new."""
        if name in previous:
            return Person.objects.get(pk=previous[name])
        person, created = find_or_create_person(name, title, department_id)
        self.created += created
        return person


def _publish_time(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, EDITION_PUBLISH_TIME, tzinfo=ZoneInfo(settings.TIME_ZONE))


def save_page(
    plan: PagePlan,
    placement: Placement,
    *,
    source_text: str,
    as_drafts: bool = False,
    user=None,
    judge_user: bool = False,
) -> ImportSummary:
    """Write one planned page. Runs in a transaction of its own (nested in the
    caller's, if any), so a failure leaves the database as it was.

    ``as_drafts``: new stories are drafts and existing ones keep their status
    (the import desk, where an editor reviews before publishing); otherwise
    every story is published at the edition's time (the archive command).

    ``judge_user``: the import is ``user``'s act (the import desk), so it may
    change only what they may change: unless they may publish, a page whose
    stories include a published or archived one (on the print page, or
    imported from it and moved off it since) raises StoriesRefused and
    writes nothing. The command line, run by whoever runs the server, is not
    judged.
    """
    from review.signals import one_edit, parts_changed

    # one_edit: a story's bylines are deleted and written again, so its
    # review hears of them once, as they end up. As no reviewer's edit: the
    # page's text is the printer's, whoever imports it.
    with transaction.atomic(), reversion.create_revision(), one_edit(None):
        reversion.set_comment(
            f"Imported from print page {placement.page} of {placement.publication} {placement.date.isoformat()}"
        )
        if user is not None:
            reversion.set_user(user)
        summary = _save_page(plan, placement, source_text, as_drafts, user, judge_user)
        parts_changed(summary.article_ids)
        return summary


def _save_page(
    plan: PagePlan, placement: Placement, source_text: str, as_drafts: bool, user, judge_user: bool
) -> ImportSummary:
    summary = ImportSummary(pages=1)
    publication, _ = Publication.objects.get_or_create(name=placement.publication)
    edition, _ = Edition.objects.get_or_create(publication=publication, date=placement.date)
    edition_prefix = f"{publication.slug}/{placement.date.isoformat()}/"
    ref_prefix = f"{edition_prefix}{placement.page}/"
    # Every story of the edition this import may write, before anything else
    # and lowest id first (articles.row_locks), so pages saved in one
    # transaction and the stories they share with an admin action or another
    # import are taken in one order; the page's row after them, as an
    # editor's save placing a story on it takes them.
    lock_stories(
        Article.objects.filter(print_page__edition=edition),
        Article.objects.filter(import_ref__startswith=edition_prefix),
    )
    if judge_user and not workflow.can_publish(user):
        # Judged on the stories locked above, as they stand now: every story
        # this save may rewrite, delete or move on the page.
        touched = Article.objects.filter(
            Q(import_ref__startswith=ref_prefix) | Q(print_page__edition=edition, print_page__number=placement.page)
        )
        if touched.filter(status__in=Article.Status.needing_publish_permission()).exists():
            raise StoriesRefused(placement)
    defaults = {"source_text": source_text, **({"title": placement.title[:80]} if placement.title else {})}
    page, _ = PrintPage.objects.update_or_create(edition=edition, number=placement.page, defaults=defaults)
    refs = [f"{ref_prefix}{position}" for position in range(1, len(plan.items) + 1)]

    stale = Article.objects.filter(import_ref__startswith=ref_prefix).exclude(import_ref__in=refs)
    summary.removed = stale.count()
    stale.delete()
    # Positions are handed out again below; clearing them first keeps the
    # unique (page, position) constraint satisfied while stories move.
    page.articles.update(print_position=None)

    people = _People()
    existing = {a.import_ref: a for a in Article.objects.filter(import_ref__in=refs)}
    for position, (ref, planned) in enumerate(zip(refs, plan.items), start=1):
        article = existing.get(ref)
        if article is None:
            article = Article(import_ref=ref, status=Article.Status.DRAFT if as_drafts else Article.Status.PUBLISHED)
            summary.created += 1
        else:
            summary.updated += 1
        _fill_article(article, planned, placement, page, position, keep_status=as_drafts)
        article.save()
        summary.article_ids.append(article.pk)
        if planned.item.kicker:
            article.tags.add(planned.item.kicker)
        _save_bylines(article, planned, people)
        _save_photo(article, planned)
        summary.mentions += _save_mentions(article, planned, people)
    summary.people_created = people.created
    return summary


def _fill_article(
    article: Article, planned: PlannedItem, placement: Placement, page: PrintPage, position: int, keep_status=False
):
    item = planned.item
    article.kind = Article.Kind.PHOTO if item.kind == "photo" else Article.Kind.STORY
    article.kicker = item.kicker
    article.headline = planned.headline
    article.subtitle = item.subtitle
    article.dateline = item.dateline
    article.summary = planned.summary
    article.body = planned.body_html()
    article.department = placement.department or article.department
    if article.pk is None and not keep_status:
        # The archive: a printed page was signed off in print. A story already
        # here keeps the status an editor gave it (unpublished, in review), and
        # the import desk's stories stay drafts until an editor publishes them.
        article.status = Article.Status.PUBLISHED
    article.publish_at = _publish_time(placement.date)
    article.print_page = page
    article.print_position = position


def _save_bylines(article: Article, planned: PlannedItem, people: _People):
    # The import owns an imported story's bylines: they are what was printed.
    article.bylines.all().delete()
    rows = []
    for position, byline in enumerate(planned.item.bylines, start=1):
        if byline.role == Byline.Role.CREDIT:
            rows.append(Byline(article=article, role=byline.role, credit=byline.name, position=position))
        else:
            person = people.get(byline.name, staff=byline.role in STAFF_ROLES)
            rows.append(Byline(article=article, role=byline.role, person=person, position=position))
    Byline.objects.bulk_create(rows)


def _save_photo(article: Article, planned: PlannedItem):
    if planned.item.kind != "photo":
        return
    credit = "、".join(b.name for b in planned.item.bylines if b.role == Byline.Role.PHOTOGRAPHER)
    Photo.objects.update_or_create(
        article=article, position=1, defaults={"caption": planned.item.body_text(), "credit": credit}
    )


def _save_mentions(article: Article, planned: PlannedItem, people: _People) -> int:
    # Mentions an editor added or confirmed survive a re-import; the rest are
    # the importer's own and are made again from the text, for the same people.
    own = Mention.objects.filter(article=article, origin=Mention.Origin.IMPORTED, confirmed=False)
    previous = dict(own.values_list("person__name", "person_id"))
    own.delete()
    kept = dict(Mention.objects.filter(article=article).values_list("person__name", "person_id"))
    mentioned = set(kept.values())
    # Names an editor rejected for this story are never suggested for it again.
    rejected = set(MentionRejection.objects.filter(article=article).values_list("name", flat=True))
    count = 0
    for found in planned.people:
        if found.name in kept or found.name in rejected:
            continue
        person = people.mentioned(found.name, found.title, article.department_id, previous)
        if person.pk in mentioned:
            continue
        mentioned.add(person.pk)
        for alias in found.aliases_seen:
            if alias != person.name:
                Alias.objects.get_or_create(person=person, name=alias)
        Mention.objects.create(
            article=article,
            person=person,
            title=found.title[:120],
            count=max(found.count, 1),
            first_offset=found.first_offset,
            origin=Mention.Origin.IMPORTED,
        )
        count += 1
    return count
