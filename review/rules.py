"""Who may act on a story at a stage, and whether a story may be published.

These are the model layer's rules: the admin, the queue, the sign-off of a
whole page and every publishing path ask here, so no path can skip them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from review import content
from review.models import Chain, Event, Review


class ReviewError(ValidationError):
    """A review step that the rules refuse; the message says why."""


def chain_for(article) -> Chain:
    """The department's own chain, else the default one."""
    return chains_for([article])[article.pk]


def chains_for(articles) -> dict:
    """``chain_for()`` of each of ``articles``, by id, in one query."""
    departments = {article.department_id for article in articles}
    chains = {
        c.department_id: c for c in Chain.objects.filter(Q(department_id__in=departments) | Q(department__isnull=True))
    }
    found = {}
    for article in articles:
        chain = chains.get(article.department_id) or chains.get(None)
        if chain is None:
            raise ReviewError(_("No review chain is set up: add one under Review chains."))
        found[article.pk] = chain
    return found


def group_ids(user) -> set[int]:
    if not hasattr(user, "_review_group_ids"):
        user._review_group_ids = set(user.groups.values_list("pk", flat=True))
    return user._review_group_ids


def in_stage_group(user, stage) -> bool:
    return bool(user and user.is_active and (user.is_superuser or stage.group_id in group_ids(user)))


def author_ids(article) -> set[int]:
    """Who wrote the story: its creator and whoever submitted it."""
    return authors_of([article])[article.pk]


def authors_of(articles) -> dict[int, set[int]]:
    """``author_ids()`` of each of ``articles``, by id, in one query."""
    found = {article.pk: {article.created_by_id} - {None} for article in articles}
    submitted = Event.objects.filter(article_id__in=list(found), action=Event.Action.SUBMIT, user__isnull=False)
    for article_id, user_id in submitted.values_list("article_id", "user_id"):
        found[article_id].add(user_id)
    return found


def stage_after_edit(user, stages, current: int, *, authored: bool) -> int | None:
    """Where an edit by ``user`` of a story that holds a pass or its sign-off
    sends it: the index in ``stages`` of the stage it goes back to, every pass
    from there on void; or None, when it waits where it is (``current``: the
    index of the stage it waits at, ``len(stages)`` once signed off).

    An edit by one of the story's authors (``authored``: ``user`` is in
    author_ids) sends it back to the first stage, every pass void, whatever
    groups they are in: a commentator in the sign-off's group, a department
    head writing, would otherwise change text that reviewers who did not
    write it passed, and the sign-off would cover words no one independent
    read. Else the reviewer at the current stage edits as part of the review,
    and it waits where it is; anyone else sends it back to their own highest
    stage below the current one (the first for a reporter, or for an edit
    nobody is named for), so that everyone above sees the change."""
    if authored:
        return 0
    if current < len(stages) and in_stage_group(user, stages[current]):
        return None
    return max((i for i in range(current) if in_stage_group(user, stages[i])), default=0)


def valid_passes(article):
    return Event.objects.filter(article=article, action=Event.Action.PASS, void=False).select_related("stage", "user")


def refusal_to_act(user, article, stage, *, passing: bool) -> str | None:
    """Why ``user`` may not act on ``article`` at ``stage``, or None. Passing
    also needs someone who did not write the story and holds no pass of
    another stage of it; returns and rejections need the stage's group only."""
    if not in_stage_group(user, stage):
        return _("%(stage)s is for the group %(group)s.") % {"stage": stage.name, "group": stage.group}
    if not passing:
        return None
    if user.pk in author_ids(article):
        return _("You wrote or submitted this story; someone else must review it.")
    other = valid_passes(article).filter(user=user).exclude(stage=stage).first()
    if other is not None:
        return _("You passed %(stage)s of this story; another person must pass %(this)s.") % {
            "stage": other.stage.name,
            "this": stage.name,
        }
    return None


def override_refusal(user, article) -> str | None:
    """Why ``user`` may not override a blocking proofreading check on
    ``article``, or None. The override lets a sign-off go ahead over a
    finding, so, like a pass, it is never the story's own writer's."""
    if not user.has_perm("review.override_blocking_check"):
        return _("Only editors may override a blocking check.")
    if user.pk in author_ids(article):
        return _("You wrote or submitted this story; someone else must override its blocking check.")
    return None


def publish_refusal(article) -> str | None:
    """Why ``article`` may not be published as it stands, or None when a
    sign-off covers its current text. Every path that publishes asks this."""
    review = Review.objects.filter(article_id=article.pk).first() if article.pk else None
    if review is not None and review.state == Review.State.TAKEN_DOWN:
        return _(
            "The story was taken off the site after its sign-off; it goes back up only after a new sign-off (签发)."
        )
    if review is None or review.state != Review.State.SIGNED_OFF:
        return _("A story is published only after its sign-off (签发) at the end of the review chain.")
    if review.fingerprint != content.fingerprint(content.snapshot(article)):
        return _("The story was edited after its sign-off; it must be signed off again.")
    return None


def may_publish(article) -> bool:
    return publish_refusal(article) is None
