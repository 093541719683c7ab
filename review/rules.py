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
    ids = set(Event.objects.filter(article=article, action=Event.Action.SUBMIT).values_list("user_id", flat=True))
    ids.add(article.created_by_id)
    ids.discard(None)
    return ids


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
