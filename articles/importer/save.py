"""Saving a planned page: the ORM side of the print-page importer.

One call saves one page inside the caller's transaction. A first import
gives each story an ``import_ref`` (publication/date/page/position); importing
the page again finds each story by its text (articles.importer.rematch) and
writes only what editors left as the last import wrote it (ImportedStory);
stories editors deleted (DeletedImport) are not made again, and stories an
editor moved to another page are left there. A person named in a story is a
known person when the name and the title or department fit (people.matching),
else someone new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.db import router, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext

from articles import story_slugs, workflow
from articles.importer.file_reasons import wording
from articles.importer.plan import PagePlan, PlannedItem
from articles.importer.rematch import Saved, Text, lead, lead_of_html, match, merge, merge_sets
from articles.models import (
    Article,
    Byline,
    DeletedImport,
    Department,
    Edition,
    ImportedStory,
    Photo,
    PrintPage,
    Publication,
)
from articles.row_locks import lock_stories
from articles.sanitize import sanitize_html
from people.models import Alias, Mention, MentionRejection, Person
from people.resolve import find_or_create_person

# A morning paper: stories of an edition went public when it came out.
EDITION_PUBLISH_TIME = dt.time(6, 0)
STAFF_ROLES = {Byline.Role.REPORTER, Byline.Role.PHOTOGRAPHER, Byline.Role.EDITOR}


class StoriesRefused(Exception):
    """The import would rewrite or delete stories its user may not change."""


class FieldTooLong(ValueError):
    """A story's printed part is longer than its field holds: the page is refused
    whole, rather than have the database refuse it half-way or keep a cut value.
    ``code`` and ``params`` as a refused file's (``file_reasons``); the message is
    the English wording."""

    code = "part-too-long"

    def __init__(self, **params):
        self.params = params
        super().__init__(wording(self.code, params))


def check_lengths(plan: PagePlan) -> None:
    """Raise FieldTooLong for the first story whose text does not fit its fields.

    A title longer than any printed title is text the parser took for one (a run
    of short lines); the editor fixes the page, nothing is cut or lost.
    """
    titles = [Article._meta.get_field(name) for name in ("kicker", "headline", "subtitle", "dateline")]
    credit, person = Byline._meta.get_field("credit"), Person._meta.get_field("name")
    for position, planned in enumerate(plan.items, start=1):
        values = [(column, getattr(planned.item, column.name)) for column in titles]
        values += [(credit if b.role == Byline.Role.CREDIT else person, b.name) for b in planned.item.bylines]
        for column, value in values:
            if len(value) > column.max_length:
                raise FieldTooLong(
                    position=position,
                    start=(planned.headline or planned.item.body_text())[:20],
                    part=column.name,
                    length=len(value),
                    limit=column.max_length,
                )


@dataclass(frozen=True)
class Placement:
    publication: str
    date: dt.date
    page: int
    department: Department | None = None
    title: str = ""  # the page's name from its header (要闻); kept as it was when empty


@dataclass(frozen=True)
class Kept:
    """Something a re-import left as editors had it. ``kind``: "field" (``name`` the field,
    ``wanted`` what the page reads, empty for the body), "byline" (``name`` the byline an
    editor removed), "deleted" (a story an editor deleted), "moved" (a story the page prints
    that an editor moved to another page, ``name`` that page's number and ``wanted`` its
    edition's date when not the page's: left there, unwritten),
    "off_page" (a story gone from the page's text that editors changed, so not deleted)."""

    headline: str
    kind: str
    name: str = ""
    wanted: str = ""

    def __str__(self):
        if self.kind == "field":
            reads = f" (the page reads {self.wanted!r})" if self.wanted else ""
            return f"{self.headline}: kept the editors' {self.name}{reads}"
        if self.kind == "byline":
            return f"{self.headline}: kept the editors' removal of byline {self.name}"
        if self.kind == "deleted":
            return f"{self.headline}: deleted by an editor; not created again"
        if self.kind == "moved":
            edition = f" of {self.wanted}" if self.wanted else ""
            return f"{self.headline}: moved by an editor to page {self.name}{edition}; left there"
        return f"{self.headline}: no longer on the page; kept, editors changed it"


@dataclass
class ImportSummary:
    pages: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    people_created: int = 0
    mentions: int = 0
    low_confidence: int = 0
    skipped_deleted: int = 0
    article_ids: list[int] = field(default_factory=list)
    # What the import left as editors had it, one line a story and field.
    kept: list[Kept] = field(default_factory=list)

    def add(self, other: ImportSummary) -> None:
        for name in (
            "pages",
            "created",
            "updated",
            "removed",
            "people_created",
            "mentions",
            "low_confidence",
            "skipped_deleted",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.article_ids += other.article_ids
        self.kept += other.kept

    def __str__(self):
        line = (
            f"pages {self.pages}, articles created {self.created}, updated {self.updated}, "
            f"removed {self.removed}, people created {self.people_created}, mentions {self.mentions}, "
            f"low-confidence items {self.low_confidence}"
        )
        if self.kept:
            line += f", editors' changes kept {len(self.kept)}:\n" + "\n".join(f"  {k}" for k in self.kept)
        return line


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
    from review.proofing import once_per_story
    from review.signals import one_edit, parts_changed

    # one_edit: a story's bylines are deleted and written again, so its
    # review hears of them once, as they end up. As no reviewer's edit: the
    # page's text is the printer's, whoever imports it. once_per_story: its
    # checks run once, on its text, photo and people as the page leaves them.
    with transaction.atomic(), reversion.create_revision(), once_per_story():
        with one_edit(None):
            # Stored as text, in the language active here (the newsroom's, outside a request).
            reversion.set_comment(
                gettext("Imported from print page %(page)s of %(publication)s %(date)s")
                % {"page": placement.page, "publication": placement.publication, "date": placement.date.isoformat()}
            )
            if user is not None:
                reversion.set_user(user)
            summary = _save_page(plan, placement, source_text, as_drafts, user, judge_user)
            parts_changed(summary.article_ids)
        # Once the block has ended: its end may save a story again (a review
        # sent back), and that save is the import's, not an editor's.
        _record_versions(summary.article_ids)
        return summary


def _save_page(
    plan: PagePlan, placement: Placement, source_text: str, as_drafts: bool, user, judge_user: bool
) -> ImportSummary:
    check_lengths(plan)
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
    locked = lock_stories(
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

    # The stories the page's text may be: those imported from it and those on
    # it now (moved here by an editor, or placed by hand), all locked above.
    saved = list(
        Article.objects.filter(pk__in=[article.pk for article in locked])
        .filter(Q(import_ref__startswith=ref_prefix) | Q(print_page=page))
        .select_related("import_record", "department", "print_page__edition")
    )
    # Imported from this page and placed on another by an editor: the
    # editor's decision, which no import of this page undoes.
    moved = {article.pk for article in saved if article.print_page_id not in (None, page.pk)}
    # A deletion record whose reference a story holds again (written back
    # from its revisions or a backup) stands for no deleted story.
    deleted = list(
        DeletedImport.objects.filter(import_ref__startswith=ref_prefix).exclude(
            import_ref__in=Article.objects.filter(import_ref__startswith=ref_prefix).values("import_ref")
        )
    )
    matched = match(
        [_parsed_text(planned) for planned in plan.items],
        [_saved_story(article) for article in saved] + [_deleted_story(record) for record in deleted],
    )
    by_key = {("story", article.pk): article for article in saved}
    # Gone from the page's text: deleted only if this page's import made it,
    # it is still on this page (or on none), and no editor changed it.
    stale = [
        article
        for article in saved
        if ("story", article.pk) not in matched.values()
        and article.pk not in moved
        and article.import_ref
        and article.import_ref.startswith(ref_prefix)
    ]
    gone = [article.pk for article in stale if not _changed_by_editors(article)]
    summary.removed = len(gone)
    with DeletedImport.not_remembered():
        Article.objects.filter(pk__in=gone).delete()
    for article in stale:
        if article.pk not in gone:
            # Off the printed page now, but an editor worked on it: it stays, and says so.
            summary.kept.append(Kept(article.headline, "off_page"))
    # Positions are handed out again below; clearing them first keeps the
    # unique (page, position) constraint satisfied while stories move.
    page.articles.update(print_position=None)

    people = _People()
    taken = {
        a.import_ref for a in saved if a.pk not in gone and a.import_ref and a.import_ref.startswith(ref_prefix)
    } | {record.import_ref for record in deleted}
    # The page's stories take their slugs from its headlines: the former
    # addresses those must avoid are read once for the page, not once a story.
    with story_slugs.former_slugs_read_once([planned.headline for planned in plan.items], router.db_for_write(Article)):
        for position, (ref, planned) in enumerate(zip(refs, plan.items), start=1):
            key = matched.get(position - 1)
            if key is not None and key[0] == "deleted":
                summary.skipped_deleted += 1
                summary.kept.append(Kept(planned.headline, "deleted"))
                continue
            article = by_key.get(key)
            if article is not None and article.pk in moved:
                elsewhere = article.print_page
                date = "" if elsewhere.edition_id == edition.pk else elsewhere.edition.date.isoformat()
                summary.kept.append(Kept(article.headline, "moved", str(elsewhere.number), date))
                continue
            parsed = _parsed_fields(planned, placement)
            # Read before this import's own save moves the story's version on.
            edited = article is not None and _saved_since_import(article)
            if article is None:
                ref = _free_ref(ref, ref_prefix, taken)
                taken.add(ref)
                article = Article(
                    import_ref=ref, status=Article.Status.DRAFT if as_drafts else Article.Status.PUBLISHED
                )
                # No import wrote anything to it yet: the page's fields, bylines,
                # photo and kicker tag are all written.
                record = ImportedStory(written={}, bylines=[])
                write, kept = parsed, {}
                summary.created += 1
            else:
                # No record: the story is an editor's (placed on the page by hand,
                # or imported before records were kept), and none of it is written.
                record = getattr(article, "import_record", None)
                merged = merge(_written(record), _current_fields(article, parsed), parsed)
                write, kept = merged.write, merged.kept
                summary.updated += 1
            _fill_article(article, write, page, position, keep_status=as_drafts)
            # The page's text is the printer's: judged as no reviewer's edit, as
            # its bylines and photos are, whoever saved the story last.
            article.updated_by = None
            article.save()
            summary.article_ids.append(article.pk)
            _save_kicker_tag(article, write, _written(record) or {})
            bylines, left_out = _save_bylines(article, planned, people, record)
            photo, photo_kept = _save_photo(article, planned, record)
            summary.mentions += _save_mentions(article, planned, people)
            written = {**parsed, PHOTO: photo} if photo is not None else parsed
            ImportedStory.objects.update_or_create(
                article=article,
                defaults={"written": written, "bylines": bylines, "kept": {**kept, **photo_kept}, "edited": edited},
            )
            kept = {**kept, **photo_kept}
            summary.kept += [Kept(article.headline, "field", name, _shown(name, kept[name])) for name in kept]
            summary.kept += [Kept(article.headline, "byline", name) for name in left_out]
    summary.people_created = people.created
    return summary


# The fields a re-import writes only while they still hold what the last import wrote.
MERGED_FIELDS = ("kind", "kicker", "headline", "subtitle", "dateline", "summary", "body", "publish_at", "department")


# The key of ``ImportedStory.written`` holding a photo story's caption and credit.
PHOTO = "photo"


def _parsed_fields(planned: PlannedItem, placement: Placement) -> dict:
    """What the import would write to the story's merged fields, as JSON values
    (a time in UTC ISO form, the department as its slug; the body as saving stores it)."""
    item = planned.item
    fields = {
        "kind": Article.Kind.PHOTO if item.kind == "photo" else Article.Kind.STORY,
        "kicker": item.kicker,
        "headline": planned.headline,
        "subtitle": item.subtitle,
        "dateline": item.dateline,
        "summary": planned.summary,
        "body": sanitize_html(planned.body_html()),
        "publish_at": _json_time(_publish_time(placement.date)),
    }
    if placement.department is not None:
        fields["department"] = placement.department.slug
    return fields


def _shown(name: str, value) -> str:
    """What the report shows of the parser's value: short fields whole, not the body."""
    return "" if name == "body" or value is None else str(value)[:200]


def _json_time(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _current_fields(article: Article, parsed: dict) -> dict:
    current = {name: getattr(article, name) for name in parsed if name not in ("publish_at", "department", PHOTO)}
    current["publish_at"] = _json_time(article.publish_at)
    if "department" in parsed:
        current["department"] = article.department.slug if article.department_id else None
    return current


def _written(record: ImportedStory | None) -> dict | None:
    """What the last import wrote, the department by its slug: a record made
    before slugs were kept holds its id (migration articles 0016 turns those
    into slugs; a backup of a database from before may still bring some)."""
    if record is None:
        return None
    written = record.written
    if isinstance(written.get("department"), int):
        slug = Department.objects.filter(pk=written["department"]).values_list("slug", flat=True).first()
        written = {**written, "department": slug}
    return written


def _record_versions(article_ids: list[int]) -> None:
    """Each saved story's record takes the story's version as the import's whole write
    left it: any later version is an editor's save."""
    ImportedStory.objects.filter(article_id__in=article_ids).update(
        version=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("version")[:1])
    )


def _saved_since_import(article: Article) -> bool:
    """Whether an editor saved the story since an import wrote it: saved since the
    last import's own write, or found so by an import before (ImportedStory.edited)."""
    record = getattr(article, "import_record", None)
    if record is None:
        return False
    return record.edited or (record.version is not None and record.version != article.version)


def _mentions_worked_on(article: Article) -> bool:
    """Whether an editor worked on the story's people: a mention confirmed, linked or added,
    or a name rejected. The people desk saves no story row, so its version does not show it."""
    editors = Q(confirmed=True) | Q(origin=Mention.Origin.EDITOR)
    return (
        Mention.objects.filter(editors, article=article).exists()
        or MentionRejection.objects.filter(article=article).exists()
    )


def _changed_by_editors(article: Article) -> bool:
    """Whether anyone changed the story since the import last wrote it (True when no import recorded it)."""
    record = getattr(article, "import_record", None)
    if record is None:
        return True
    if _saved_since_import(article):
        # An editor's save, whatever it changed (tags, photos, status, a field).
        return True
    if _mentions_worked_on(article):
        return True
    written = _written(record)
    current = _current_fields(article, written)
    if any(current.get(name) != value for name, value in written.items() if name != PHOTO):
        return True
    # The import writes one photo, a photo story's, at position 1: any other is an editor's.
    photos = list(article.photos.order_by("position", "pk").values("position", "caption", "credit"))
    if photos != ([{"position": 1, **written[PHOTO]}] if written.get(PHOTO) is not None else []):
        return True
    # The one tag the import adds is the kicker.
    if set(article.tags.names()) - {written.get("kicker") or ""}:
        return True
    return sorted(_byline_rows(article)) != sorted(tuple(row) for row in record.bylines)


def _parsed_text(planned: PlannedItem) -> Text:
    return Text(planned.headline, lead(planned.item.body_text()))


def _saved_story(article: Article) -> Saved:
    texts = [Text(article.headline, lead_of_html(article.body))]
    record = getattr(article, "import_record", None)
    if record is not None and record.written.get("headline") is not None:
        written = record.written
        texts.append(Text(written["headline"], lead_of_html(written.get("body", ""))))
    return Saved(("story", article.pk), tuple(texts), article.print_position)


def _deleted_story(record: DeletedImport) -> Saved:
    position = record.import_ref.rsplit("/", 1)[-1]
    return Saved(
        ("deleted", record.pk),
        (Text(record.headline, record.lead),),
        int(position) if position.isdigit() else None,
        tombstone=True,
    )


def _free_ref(preferred: str, prefix: str, taken: set[str]) -> str:
    """A new story's import reference: its position's on a first import, else the next one no story holds."""
    if preferred not in taken:
        return preferred
    number = len(taken) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _fill_article(article: Article, fields: dict, page: PrintPage, position: int, keep_status=False):
    for name, value in fields.items():
        if name == "publish_at":
            article.publish_at = dt.datetime.fromisoformat(value)
        elif name == "department":
            article.department = Department.objects.get(slug=value)
        else:
            setattr(article, name, value)
    if article.pk is None and not keep_status:
        # The archive: a printed page was signed off in print. A story already
        # here keeps the status an editor gave it (unpublished, in review), and
        # the import desk's stories stay drafts until an editor publishes them.
        article.status = Article.Status.PUBLISHED
    article.print_page = page
    article.print_position = position


def _save_kicker_tag(article: Article, write: dict, written: dict) -> None:
    """A story's kicker is printed as its tag: the import tags the story only when it
    writes the kicker (a new story, or a kicker the page reads differently now that no
    editor changed), the new kicker's tag then taking the place of the last one's. A tag
    an editor took off stays off; a kicker an editor changed keeps the tags they gave it."""
    if "kicker" not in write:
        return
    # The tag the last import added is its kicker's (the one tag it adds).
    before = written.get("kicker") or ""
    if before:
        if not article.tags.filter(name=before).exists():
            return
        article.tags.remove(before)
    if write["kicker"]:
        article.tags.add(write["kicker"])


def _byline_rows(article: Article) -> list[tuple]:
    return [tuple(row) for row in article.bylines.values_list("role", "person__slug", "credit")]


def _save_bylines(article: Article, planned: PlannedItem, people: _People, record) -> tuple[list, list[str]]:
    """The printed bylines merged with the editors' (three-way, as fields are): bylines an
    editor added stay, those they removed stay removed. Returns the printed bylines, as
    rows, and the names of those left out because an editor removed them."""
    parsed, names, persons = [], {}, {}
    for byline in planned.item.bylines:
        if byline.role == Byline.Role.CREDIT:
            row = (byline.role, None, byline.name)
        else:
            person = people.get(byline.name, staff=byline.role in STAFF_ROLES)
            row = (byline.role, person.slug, "")
            persons[person.slug] = person
        if row not in parsed:
            parsed.append(row)
            names[row] = byline.name
    # With no record the story's bylines are an editor's: the printed ones count as
    # written, so none is added or removed, and those it lacks are reported.
    written = [tuple(row) for row in record.bylines] if record is not None else parsed
    add, remove, left_out = merge_sets(written, _byline_rows(article), parsed)
    for role, slug, credit in remove:
        article.bylines.filter(role=role, person__slug=slug, credit=credit).delete()
    last = max(article.bylines.values_list("position", flat=True), default=0)
    Byline.objects.bulk_create(
        Byline(article=article, role=role, person=persons.get(slug), credit=credit, position=last + offset)
        for offset, (role, slug, credit) in enumerate(add, start=1)
    )
    return [list(row) for row in parsed], [names[row] for row in left_out]


def _save_photo(article: Article, planned: PlannedItem, record) -> tuple[dict | None, dict]:
    """A photo story's caption and credit, merged three-way as the story's fields are.
    Returns what the page reads (None for a story with no photo) and what was kept."""
    if planned.item.kind != "photo":
        return None, {}
    credit = "、".join(b.name for b in planned.item.bylines if b.role == Byline.Role.PHOTOGRAPHER)
    parsed = {"caption": planned.item.body_text(), "credit": credit}
    photo = article.photos.filter(position=1).first()
    # With no record the story is an editor's: the page's photo counts as written.
    written = record.written.get(PHOTO) if record is not None else parsed
    if photo is None:
        # Added only where the last import wrote none: one it wrote is gone
        # because an editor deleted it, and a story with no record has its editor's photos.
        if written is None:
            Photo.objects.create(article=article, position=1, **parsed)
        return parsed, {}
    merged = merge(written, {"caption": photo.caption, "credit": photo.credit}, parsed)
    if merged.write:
        for name, value in merged.write.items():
            setattr(photo, name, value)
        photo.save(update_fields=list(merged.write))
    return parsed, merged.kept


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
