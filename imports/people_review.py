"""The people review: what an editor decides about a mention or a person, as
ORM operations. Each saves through the models (never queryset.update), so the
page cache and search signals see every change."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags

from articles.models import Article, Byline
from articles.row_locks import lock_stories
from people.matching import match_person
from people.models import Alias, Mention, MentionRejection, Person, PersonRedirect
from people.resolve import known_persons
from review.signals import one_edit

_SENTENCE_END = re.compile(r"[。！？!?；\n]")


def sentence_with(text: str, names: list[str], limit: int = 160) -> str:
    """The sentence of ``text`` in which one of ``names`` first appears."""
    positions = [text.find(name) for name in names if name and name in text]
    if not positions:
        return ""
    at = min(positions)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.end() if end_match else len(text)
    sentence = text[start:end].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def queue_rows(mentions: list[Mention]) -> list[dict]:
    """Each mention with its sentence, same-name people and the likely one (four queries whatever the count).

    The likely one is who import would have matched the mention to (people.matching:
    the name, and the title or the story's department), among the others of that name."""
    names = {m.person.name for m in mentions}
    same_name = list(
        Person.objects.filter(Q(name__in=names) | Q(aliases__name__in=names))
        .distinct()
        .order_by("pk")
        .prefetch_related("aliases")
    )
    known = {person.key: person for person in known_persons(same_name)}
    by_name: dict[str, list[Person]] = {}
    for person in same_name:
        for name in {person.name, *(a.name for a in person.aliases.all())}:
            by_name.setdefault(name, []).append(person)
    rows = []
    for mention in mentions:
        others = [p for p in by_name.get(mention.person.name, []) if p.pk != mention.person_id]
        text = f"{mention.article.headline}\n{strip_tags(mention.article.body)}"
        likely = match_person(
            mention.person.name, mention.title, mention.article.department_id, [known[p.pk] for p in others]
        )
        rows.append(
            {
                "mention": mention,
                "sentence": sentence_with(text, [mention.person.name, *(a.name for a in mention.person.aliases.all())]),
                "others": others,
                "suggested": next((p for p in others if likely and p.pk == likely.key), None),
            }
        )
    return rows


def confirm(mention: Mention) -> None:
    mention.confirmed = True
    mention.save()


@transaction.atomic
def reject(mention: Mention, user) -> None:
    """Not this person (or not a person): gone from the story, and never suggested for it again."""
    MentionRejection.objects.get_or_create(
        article_id=mention.article_id, name=mention.person.name, defaults={"rejected_by": user}
    )
    mention.delete()


@transaction.atomic
def link(mention: Mention, person: Person) -> Mention:
    """The mention means ``person`` (another of the same name); an editor's decision, so confirmed."""
    existing = Mention.objects.filter(article_id=mention.article_id, person=person).exclude(pk=mention.pk).first()
    if existing:
        existing.count += mention.count
        existing.first_offset = min(existing.first_offset, mention.first_offset)
        existing.title = existing.title or mention.title
        existing.confirmed = True
        mention.delete()
        existing.save()
        return existing
    mention.person = person
    mention.confirmed = True
    mention.save()
    return mention


@transaction.atomic
def merge(source: Person, target: Person, user=None) -> Person:
    """``source`` and ``target`` are one person: mentions, bylines, aliases and
    the old address all move to ``target``, and ``source`` is deleted. Under
    another name, ``source``'s bylines print ``target``'s: an edit of each of
    their stories, by ``user`` (None: judged as no reviewer's edit)."""
    if source.pk == target.pk:
        raise ValueError("a person cannot be merged into themselves")
    with one_edit(user):
        return _merge(source, target)


def _merge(source: Person, target: Person) -> Person:
    mentions, bylines = _with_stories_locked(source)
    for mention in mentions:
        link(mention, target)
    for byline in bylines:
        byline.person = target
        byline.save()
    known = set(target.aliases.values_list("name", flat=True)) | {target.name}
    for alias in Alias.objects.filter(person=source):
        if alias.name in known:
            alias.delete()
        else:
            alias.person = target
            alias.save()
            known.add(alias.name)
    if source.name not in known:
        Alias.objects.create(person=target, name=source.name)
    PersonRedirect.objects.filter(person=source).update(person=target)
    PersonRedirect.objects.create(slug=source.slug, person=target)
    if source.on_staff and not target.on_staff:
        target.on_staff = True
        target.save()
    source.delete()
    return target


def _with_stories_locked(source: Person) -> tuple[list[Mention], list[Byline]]:
    """``source``'s mentions and bylines, read once their stories are locked.

    The stories are locked before any of them is written (articles.row_locks):
    a moved mention takes its story's related-links lock (migration articles
    0012) one story at a time, and an import of those stories, taking those
    locks in its own order, deadlocked with it. A mention or byline another
    transaction committed after the lock was taken names a story not yet
    locked: read again until every one read has its story locked (those found
    late are locked after the others, out of the id order, which the first,
    usual pass keeps). One committed after the last read is not moved, and
    then deleting ``source`` refuses (mentions and bylines protect their person)."""
    locked = {
        story.pk
        for story in lock_stories(
            Article.objects.filter(mentions__person=source), Article.objects.filter(bylines__person=source)
        )
    }
    while True:
        mentions = list(Mention.objects.filter(person=source))
        bylines = list(Byline.objects.filter(person=source))
        late = {row.article_id for row in (*mentions, *bylines)} - locked
        if not late:
            return mentions, bylines
        lock_stories(Article.objects.filter(pk__in=late))
        # A late story deleted meanwhile took its mentions with it: counted
        # as locked, so that the loop ends.
        locked |= late


@transaction.atomic
def rename(person: Person, name: str, user=None) -> None:
    """The name printed in ``person``'s bylines changes: an edit of each of
    their stories, by ``user`` (None: judged as no reviewer's edit)."""
    with one_edit(user):
        person.name = name.strip()[:60]
        person.save()


def add_alias(person: Person, name: str) -> None:
    name = name.strip()[:60]
    if name and name != person.name:
        Alias.objects.get_or_create(person=person, name=name)
