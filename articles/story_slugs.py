"""Story slugs that count only what readers can see.

Slugs are unique, so a repeated headline gets ``-2``, ``-3``. Chosen by
counting every story, that suffix would tell readers that a story with the
same headline exists that they cannot see (a draft, or an embargoed story).
So the lowest of a headline's slugs goes to the story that goes live first: a
story saved as published takes the lowest slug that is free or held by a
story readers have never seen and that goes live after it (a draft, a story
in review, or one scheduled later); that holder moves to the next free
suffix. A public or archived story's slug is never taken. Readers then only ever see
suffixes that count stories public before.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from articles.slugs import pinyin_slug

MAX_BASE = 96  # a slug field of 100, room for "-999"
FALLBACK = "article"


def base_of(headline: str) -> str:
    return pinyin_slug(headline, MAX_BASE) or FALLBACK


def is_automatic(slug: str, headline: str) -> bool:
    """Whether ``slug`` is ``headline``'s pinyin with a suffix or none."""
    return re.fullmatch(re.escape(base_of(headline)) + r"(-\d+)?", slug or "") is not None


def _goes_live_after(holder, story, now) -> bool:
    if holder.status == "archived" or (
        holder.status == "published" and holder.publish_at is not None and holder.publish_at <= now
    ):
        return False  # public now or before: its URL is out there
    if story.status != "published":
        return False  # a draft displaces nobody
    if holder.status != "published":
        return True
    return story.publish_at is not None and holder.publish_at > story.publish_at


def choose(story, articles) -> str:
    """The slug ``story`` should have among ``articles`` (a queryset on the
    right database); moves a holder that yields to it."""
    base = base_of(story.headline)
    # The story's own stored slug counts as taken until this save moves it.
    holders = {
        holder.slug: holder for holder in articles.filter(slug__startswith=base).only("slug", "status", "publish_at")
    }
    former = _former_addresses(base, story, articles)
    now = timezone.now()
    n = 1
    while True:
        slug = base if n == 1 else f"{base}-{n}"
        if slug in former:
            n += 1
            continue
        holder = holders.get(slug)
        if holder is None or holder.pk == story.pk:
            return slug
        if _goes_live_after(holder, story, now):
            articles.filter(pk=holder.pk).update(slug=_free(base, holders.keys() | former, after=n))
            return slug
        n += 1


def _former_addresses(base: str, story, articles) -> set[str]:
    """Former slugs of other stories readers could have seen: each answers
    with a 301 to its story, which links already shared and search engines
    rely on, so none is handed to another story. (A story renamed while it
    was only ever a draft leaves an address nobody has, and frees it.)"""
    read = _read_once.get()
    if read is not None and read.using == articles.db and base in read.by_base:
        return {slug for slug, owner in read.by_base[base].items() if owner != story.pk}
    reserved = seen_former_slugs(articles.db).filter(slug__startswith=base).exclude(article_id=story.pk)
    return set(reserved.values_list("slug", flat=True).distinct())


def seen_former_slugs(using: str):
    """The former slugs readers could have had a link to (SlugHistory rows):
    its story was public while it held the slug (published, and live, its
    publish time passed, before it left the slug: an embargoed story renamed
    before its time was never seen at that address), or is public or
    archived now."""
    from django.db.models import F

    from articles.models import SlugHistory

    seen_then = Q(article__status_changes__to_status__in=("published", "archived")) & Q(
        article__publish_at__lte=F("created_at")
    )
    public_now = Q(article__status="archived") | Q(article__status="published", article__publish_at__lte=timezone.now())
    return SlugHistory.objects.using(using).filter(seen_then | public_now)


def reserved_for_another(slug: str, story, using: str) -> bool:
    """Whether ``slug`` is another story's former address that readers could
    have: saved on ``story``, every link already shared would open it."""
    return seen_former_slugs(using).filter(slug=slug).exclude(article_id=story.pk).exists()


@dataclass
class _ReadOnce:
    using: str
    # For each headline's base: the reserved former slugs starting with it, and the story each leads to.
    by_base: dict[str, dict[str, int]]


_read_once: ContextVar[_ReadOnce | None] = ContextVar("story_slugs_read_once", default=None)


@contextmanager
def former_slugs_read_once(headlines, using: str):
    """Inside the block, stories saved with one of ``headlines`` (an imported
    page's) find the former addresses their slug must avoid among those read
    here, in one query for them all, rather than one query a story. A slug a
    story leaves inside the block is read again on its own (``slug_left``);
    a headline not given is looked up as outside the block."""
    bases = {base_of(headline) for headline in headlines}
    if not bases:
        yield
        return
    by_base: dict[str, dict[str, int]] = {base: {} for base in bases}
    starts = reduce(or_, (Q(slug__startswith=base) for base in sorted(bases)))
    for slug, owner in seen_former_slugs(using).filter(starts).values_list("slug", "article_id").distinct():
        _file(by_base, slug, owner)
    token = _read_once.set(_ReadOnce(using, by_base))
    try:
        yield
    finally:
        _read_once.reset(token)


def slug_left(story, slug: str, using: str) -> None:
    """``story`` left ``slug`` (now one of its former slugs): inside
    ``former_slugs_read_once`` the addresses read there learn whether it is
    reserved."""
    read = _read_once.get()
    if read is None or read.using != using:
        return
    for slugs in read.by_base.values():
        slugs.pop(slug, None)
    if seen_former_slugs(using).filter(slug=slug).exists():
        _file(read.by_base, slug, story.pk)


def _file(by_base: dict[str, dict[str, int]], slug: str, owner: int) -> None:
    for base, slugs in by_base.items():
        if slug.startswith(base):
            slugs[slug] = owner


def _free(base: str, taken, after: int) -> str:
    n = after + 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
