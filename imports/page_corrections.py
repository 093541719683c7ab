"""Which of a page's stored corrections an import applies, and who made them.

Anyone of the desk may add a correction to a page; not everyone may write it
into the page's stories. So a correction waits with the page until someone
saves the page from its preview: the one who saves sees every correction
there, with who made it, and the run writes them with that person's
permissions (``save_page(..., judge_user=True)`` refuses the page if they may
not). From then on the corrections are accepted, and every later import of
the page, an upload by anyone included, applies them again, so no correction
once saved is lost. An upload applies only the accepted ones: otherwise it
would write, under its confirmer's name, corrections they never saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Byline
from imports.layout import ROLE_LABELS
from imports.models import PageCorrection


@dataclass(frozen=True)
class ToApply:
    operations: list
    revision: int
    # The requester saw this revision (the preview's save): applying it accepts it.
    accepts: bool


def to_apply(correction: PageCorrection | None, seen: int | None) -> ToApply:
    """What a run applies: every correction if its requester saw them as they
    stand now, else the accepted ones (a correction made since they looked waits)."""
    if correction is None:
        return ToApply([], 0, False)
    if seen is not None and seen == correction.revision:
        return ToApply(list(correction.operations), correction.revision, True)
    return ToApply(list(correction.accepted), correction.accepted_revision, False)


def accept(correction: PageCorrection, applied: ToApply, user) -> None:
    """Record that ``user``'s run wrote these corrections (in the run's transaction)."""
    if applied.accepts:
        PageCorrection.objects.filter(pk=correction.pk).update(
            accepted=applied.operations,
            accepted_revision=applied.revision,
            accepted_by=user,
            accepted_at=timezone.now(),
        )


@dataclass(frozen=True)
class Listed:
    text: str
    by: str
    accepted: bool


def describe(operation: dict) -> str:
    """One correction in words, naming its text by its first characters."""
    kind = operation.get("op")

    def snippet(key):
        return (operation.get(key) or {}).get("text", "")

    if kind == "move" and operation.get("to"):
        return _("Move the paragraph “%(text)s…” to the story with “%(to)s…”") % {
            "text": snippet("block"),
            "to": snippet("to"),
        }
    if kind == "move":
        return _("Move the paragraph “%(text)s…” to a story of its own") % {"text": snippet("block")}
    if kind == "merge":
        return _("Merge the story with “%(from)s…” into the story with “%(into)s…”") % {
            "from": snippet("from"),
            "into": snippet("into"),
        }
    if kind == "split":
        return _("Start a new story at the paragraph “%(text)s…”") % {"text": snippet("block")}
    if kind == "role":
        role = ROLE_LABELS.get(operation.get("role"), operation.get("role"))
        return _("The line “%(text)s…” becomes: %(role)s") % {"text": snippet("line"), "role": role}
    if kind == "byline":
        values = {"n": int(operation.get("index", 0)) + 1, "text": snippet("item"), "name": operation.get("name", "")}
        if not values["name"]:
            return _("Byline %(n)s of the story with “%(text)s…” removed") % values
        roles = dict(Byline.Role.choices)
        values["role"] = roles.get(operation.get("role"), operation.get("role"))
        return _("Byline %(n)s of the story with “%(text)s…” becomes %(name)s (%(role)s)") % values
    return str(kind)


def _authors(*lists: list[dict]):
    ids = {op.get("by") for ops in lists for op in ops} - {None}
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)}

    def who(op):
        user = users.get(op.get("by"))
        return (user.get_full_name() or user.get_username()) if user else _("not recorded")

    return who


def listing(correction: PageCorrection | None) -> tuple[list[Listed], list[Listed]]:
    """The page's corrections as the desk shows them, each with who made it and
    whether it is accepted; and those accepted that were undone since (a run
    that does not accept the page's corrections still applies them)."""
    if correction is None:
        return [], []
    undone = [op for op in correction.accepted if op not in correction.operations]
    who = _authors(correction.operations, undone)
    current = [Listed(describe(op), who(op), op in correction.accepted) for op in correction.operations]
    return current, [Listed(describe(op), who(op), True) for op in undone]


@dataclass(frozen=True)
class Upcoming:
    """What an upload of a page will do with the corrections stored for it."""

    number: int
    file_name: str
    applied: list[Listed]
    waiting: list[Listed]


def for_upload(publication: str, date, pages) -> list[Upcoming]:
    """For the confirm page: each page's stored corrections, those the upload
    applies again (accepted) and those it leaves waiting for a save."""
    stored = {
        correction.print_page.number: correction
        for correction in PageCorrection.objects.filter(
            print_page__edition__publication__name=publication,
            print_page__edition__date=date,
            print_page__number__in=[page.number for page in pages],
        ).select_related("print_page")
    }
    upcoming = []
    for page in pages:
        if page.number not in stored:
            continue
        correction = stored[page.number]
        who = _authors(correction.operations, correction.accepted)
        applied = [Listed(describe(op), who(op), True) for op in correction.accepted]
        waiting = [
            Listed(describe(op), who(op), False) for op in correction.operations if op not in correction.accepted
        ]
        if applied or waiting:
            upcoming.append(Upcoming(page.number, page.file_name, applied, waiting))
    return upcoming
