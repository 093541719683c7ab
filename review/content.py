"""What a review covers: a story as readers see it, as a snapshot, a
fingerprint, a plain text the proofreading checks read, and a diff between
two snapshots.

Readers see more of a story than its text fields: its bylines (the names and
credits printed over it), its photos (the picture, its caption, credit and
alt text), its tags (their names, on the story's page and the tag pages) and
the people it names (文中人物: each public mention's name and the title the
story gives them, on the story's page and the person's page). A pass or a
sign-off covers all of it, so a change to any of it after a pass is an edit
of the story (review.signals)."""

import hashlib
import json
from collections import defaultdict

from articles.revisions import FieldDiff, body_lines

CONTENT_FIELDS = ["kicker", "headline", "subtitle", "dateline", "summary", "body"]
# A story's rows that readers see with it, in the order they are shown.
PARTS = ["bylines", "photos"]
# The story's tags: their names, sorted (in Python, not by the database's
# collation, so that the fingerprint is the same on every database).
TAGS = "tags"
# The people named in the story that readers see (Mention.objects.public()),
# in the order the story's page lists them: each one's name and title.
MENTIONS = "mentions"


def text_snapshot(article) -> dict:
    """What the proofreading checks read: the text fields, and the photos
    (their captions and credits are printed text, read as the body is)."""
    snap = {name: getattr(article, name) or "" for name in CONTENT_FIELDS}
    snap["photos"] = _photo_rows([article.pk] if article.pk is not None else []).get(article.pk, [])
    return snap


def snapshot(article) -> dict:
    """The story as readers see it, its bylines, photos, tags and people read
    as stored now (never from a prefetch, which a save of the admin's inlines
    or tag field leaves stale)."""
    return snapshots([article])[article.pk]


def snapshots(articles) -> dict:
    """``snapshot()`` of each of ``articles`` (stories as loaded), by id: four
    queries whatever their number, so that an edit of many stories at once (a
    tag renamed on all of them) reads them together."""
    from articles.models import Byline, TaggedArticle
    from people.models import Mention

    ids = [article.pk for article in articles if article.pk is not None]
    bylines, tags, mentions = defaultdict(list), defaultdict(list), defaultdict(list)
    photos = _photo_rows(ids)
    if ids:
        rows = Byline.objects.filter(article_id__in=ids).order_by("article_id", "position", "pk")
        # What is printed: the role and the name or credit. Which person record a
        # name links to is not (merging two records of one name edits no story).
        for article_id, role, name, credit in rows.values_list("article_id", "role", "person__name", "credit"):
            bylines[article_id].append([role, name or credit or ""])
        tagged = TaggedArticle.objects.filter(content_object_id__in=ids)
        for article_id, name in tagged.values_list("content_object_id", "tag__name"):
            tags[article_id].append(name)
        # As for bylines, the name printed, not which person record it links to;
        # a mention readers do not see is not shown, and confirming it shows it.
        shown = Mention.objects.public().filter(article_id__in=ids).order_by("article_id", "first_offset", "pk")
        for article_id, name, title in shown.values_list("article_id", "person__name", "title"):
            mentions[article_id].append([name, title])
    found = {}
    for article in articles:
        snap = {name: getattr(article, name) or "" for name in CONTENT_FIELDS}
        snap["photos"] = photos.get(article.pk, [])
        snap["bylines"] = bylines.get(article.pk, [])
        snap[TAGS] = sorted(tags.get(article.pk, []))
        snap[MENTIONS] = mentions.get(article.pk, [])
        found[article.pk] = snap
    return found


def _photo_rows(ids) -> dict:
    """Each story's photos (picture, caption, credit, alt text) in their order, by story id."""
    from articles.models import Photo

    found = defaultdict(list)
    if not ids:
        return found
    photos = Photo.objects.filter(article_id__in=ids).order_by("article_id", "position", "pk")
    for article_id, *row in photos.values_list("article_id", "image", "caption", "credit", "alt_text"):
        found[article_id].append(row)
    return found


def _printed_under_photos(snap: dict) -> list[list[str]]:
    """Each photo's caption and credit, for those that have either."""
    return [[caption, credit] for _, caption, credit, _ in snap.get("photos") or [] if caption or credit]


def _digest(values: list) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def text_fingerprint(snap: dict) -> str:
    """The text fields' fingerprint (what reviews stored before bylines and photos were covered hold)."""
    return _digest([snap.get(name, "") for name in CONTENT_FIELDS])


def proof_fingerprint(snap: dict) -> str:
    """What proofreading results (and an override of a blocking check) are
    kept for: the text fields, and the photos' captions and credits. A story
    with neither keeps the fingerprint of its text fields, as results stored
    before captions were read hold it."""
    printed = _printed_under_photos(snap)
    if not printed:
        return text_fingerprint(snap)
    return _digest([*(snap.get(name, "") for name in CONTENT_FIELDS), printed])


def fingerprint(snap: dict) -> str:
    """What a pass or a sign-off covers: the text fields, bylines, photos,
    tags and the people readers see named. Each was added to the digest only
    where a story has it, so that reviews stored before it was covered stay
    valid: a story with neither bylines nor photos nor tags nor public
    mentions keeps the fingerprint of its text alone, one without tags nor
    mentions the fingerprint of its text, bylines and photos, one without
    mentions that of its text, bylines, photos and tags (migrations review
    0003, 0004 and 0006 brought the others' up to date). Each one's place is
    kept (empty or not) once a later one is there, so that no story's tags
    can read as another's bylines and photos, nor its mentions as tags."""
    values = [snap.get(name, "") for name in CONTENT_FIELDS]
    parts = [snap.get(name) or [] for name in PARTS]
    tags = snap.get(TAGS) or []
    mentions = snap.get(MENTIONS) or []
    if any(parts) or tags or mentions:
        values.append(parts)
    if tags or mentions:
        values.append(tags)
    if mentions:
        values.append(mentions)
    return _digest(values)


def proof_text(snap: dict) -> str:
    """The story as one text, a line for each of its parts and paragraphs,
    then each photo's caption and credit: the checks' offsets point into this."""
    lines = [snap.get(name, "").strip() for name in ("kicker", "headline", "subtitle", "dateline", "summary")]
    lines += body_lines(snap.get("body", ""))
    for caption, credit in _printed_under_photos(snap):
        lines += [line.strip() for line in caption.splitlines()] + [credit.strip()]
    return "\n".join(line for line in lines if line)


def _byline_lines(rows: list) -> str:
    from articles.models import Byline

    labels = dict(Byline.Role.choices)
    return "\n".join(f"{labels.get(role, role)} {name}" for role, name in rows)


def _photo_lines(rows: list) -> str:
    return "\n".join(
        " · ".join(value for value in (caption, credit, alt, image) if value) for image, caption, credit, alt in rows
    )


def _tag_lines(names: list) -> str:
    return "\n".join(names)


def _mention_lines(rows: list) -> str:
    return "\n".join(f"{name} {title}".strip() for name, title in rows)


def diff(before: dict, after: dict) -> list[FieldDiff]:
    from articles.models import Article, Byline, Photo
    from people.models import Mention

    diffs = []
    for name in CONTENT_FIELDS:
        old, new = before.get(name, ""), after.get(name, "")
        if name == "body":
            old, new = "\n".join(body_lines(old)), "\n".join(body_lines(new))
        if old != new:
            diffs.append(FieldDiff(name, str(Article._meta.get_field(name).verbose_name), old, new))
    tags_label = str(Article._meta.get_field(TAGS).verbose_name)
    for name, label, lines in (
        ("bylines", str(Byline._meta.verbose_name_plural), _byline_lines),
        ("photos", str(Photo._meta.verbose_name_plural), _photo_lines),
        (TAGS, tags_label, _tag_lines),
        (MENTIONS, str(Mention._meta.verbose_name_plural), _mention_lines),
    ):
        # A snapshot stored before these were covered lacks them: nothing
        # to compare them with.
        if name not in before:
            continue
        old, new = lines(before.get(name) or []), lines(after.get(name) or [])
        if old != new:
            diffs.append(FieldDiff(name, label, old, new))
    return diffs
