"""The people review: what an editor decides about a mention or a person, as
ORM operations. Each saves through the models (never queryset.update), so the
page cache and search signals see every change."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Q
from django.utils.html import strip_tags

from articles.models import Byline
from articles.permissions import allows
from articles.row_locks import links_guarded_by_story_rows
from people.matching import match_person
from people.models import Alias, Mention, MentionRejection, Person, PersonRedirect
from people.resolve import known_persons
from people.story_locks import lock_stories_of
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
    return move(mention, person, confirmed=True)


def move(mention: Mention, person: Person, *, confirmed: bool) -> Mention:
    """``mention`` made one of ``person``, confirmed if ``confirmed`` or
    already so; onto their mention of the same story if they have one, which
    is then confirmed if either was (and as sure as the surer of the two):
    moved, a mention is shown as it was checked, never more."""
    existing = Mention.objects.filter(article_id=mention.article_id, person=person).exclude(pk=mention.pk).first()
    if existing:
        existing.count += mention.count
        existing.first_offset = min(existing.first_offset, mention.first_offset)
        existing.title = existing.title or mention.title
        existing.confirmed = existing.confirmed or mention.confirmed or confirmed
        found = [c for c in (existing.confidence, mention.confidence) if c is not None]
        existing.confidence = max(found) if found else None
        mention.delete()
        existing.save()
        return existing
    mention.person = person
    mention.confirmed = mention.confirmed or confirmed
    mention.save()
    return mention


@transaction.atomic
def merge(source: Person, target: Person, user=None, *, judged: bool = False) -> Person:
    """``source`` and ``target`` are one person: mentions, bylines, aliases and
    the old address all move to ``target``, and ``source`` is deleted. Under
    another name, ``source``'s bylines print ``target``'s: an edit of each of
    their stories, by ``user`` (None: judged as no reviewer's edit).

    ``judged``: the merge is ``user``'s act, allowed by the permission table
    (deleting ``source``, changing ``target``) as both people stand once their
    stories are locked; else PermissionDenied and nothing is written."""
    if source.pk == target.pk:
        raise ValueError("a person cannot be merged into themselves")
    with one_edit(user):
        mentions, bylines = lock_stories_of(source, target)
        if judged and not (
            allows(user, "people.person", "delete", source) and allows(user, "people.person", "change", target)
        ):
            raise PermissionDenied
        # One committed after the stories were read is not moved, and then
        # deleting ``source`` refuses (mentions and bylines protect their person).
        mentions = [mention for mention in mentions if mention.person_id == source.pk]
        bylines = [byline for byline in bylines if byline.person_id == source.pk]
        # Every story moved is locked: its row guards its links, for a person
        # named in any number of stories.
        with links_guarded_by_story_rows(router.db_for_write(Mention)):
            return _merge(source, target, mentions, bylines)


def _merge(source: Person, target: Person, mentions: list[Mention], bylines: list[Byline]) -> Person:
    # Moved as each was checked: a guess no editor looked at stays one.
    for mention in mentions:
        move(mention, target, confirmed=False)
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


@transaction.atomic
def rename(person: Person, name: str, user=None, *, judged: bool = False) -> None:
    """The name printed in ``person``'s bylines changes: an edit of each of
    their stories, by ``user`` (None: judged as no reviewer's edit).

    ``judged``: the rename is ``user``'s act, allowed by the permission table
    as the person stands once their stories are locked; else PermissionDenied
    and nothing is written."""
    with one_edit(user):
        lock_stories_of(person)
        if judged and not allows(user, "people.person", "change", person):
            raise PermissionDenied
        person.name = name.strip()[:60]
        person.save()


@transaction.atomic
def add_alias(person: Person, name: str, user=None, *, judged: bool = False) -> None:
    """``person`` is also called ``name``: the stories that mention them are
    found under it in readers' search.

    ``judged``: adding it is ``user``'s act, allowed by the permission table
    as the person stands once their stories are locked; else PermissionDenied
    and nothing is written."""
    lock_stories_of(person)
    if judged and not allows(user, "people.alias", "add", person):
        raise PermissionDenied
    name = name.strip()[:60]
    if name and name != person.name:
        Alias.objects.get_or_create(person=person, name=name)
