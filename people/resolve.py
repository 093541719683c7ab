"""The ORM side of matching a name in a story to a known person (see people.matching)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from .matching import KnownPerson, match_person
from .models import Mention, Person


def known_persons_called(name: str) -> list[KnownPerson]:
    """Everyone called ``name`` (name or alias), with the titles and departments they were mentioned with.

    Oldest first, so that among equally fitting namesakes the one known longest wins."""
    return known_persons(Person.objects.matching_name(name).order_by("pk").prefetch_related("aliases"))


def known_persons(people: Iterable[Person]) -> list[KnownPerson]:
    """What is known of each of ``people`` (aliases prefetched): two queries whatever their number."""
    people = list(people)
    titles: dict[int, set[str]] = defaultdict(set)
    departments: dict[int, set[int]] = defaultdict(set)
    mentions = Mention.objects.filter(person__in=people).values_list("person_id", "title", "article__department_id")
    for person_id, title, department_id in mentions:
        if title:
            titles[person_id].add(title)
        if department_id is not None:
            departments[person_id].add(department_id)
    return [
        KnownPerson(
            key=person.pk,
            name=person.name,
            aliases=frozenset(alias.name for alias in person.aliases.all()),
            titles=frozenset(titles[person.pk] | ({person.description} if person.description else set())),
            departments=frozenset(departments[person.pk]),
        )
        for person in people
    ]


def find_person(name: str, title: str = "", department: Hashable | None = None) -> Person | None:
    """The known person a story's ``name`` with ``title``, in a story of ``department`` (a pk), is; None: new."""
    match = match_person(name, title, department, known_persons_called(name))
    return Person.objects.get(pk=match.key) if match else None


def find_or_create_person(name: str, title: str = "", department: Hashable | None = None) -> tuple[Person, bool]:
    """The matching known person, or a new one described by ``title``; and whether it was created."""
    person = find_person(name, title, department)
    if person is not None:
        return person, False
    return Person.objects.create(name=name, description=title[:200]), True
