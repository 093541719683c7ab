"""The review's steps: submit, pass (the last pass is the sign-off, 签发, and
publishes), return for rework, reject, override a blocking check, and what
an edit after a pass does. Each step locks the story's review row, checks
the rules (review/rules.py) and is recorded as an Event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article
from articles.row_locks import lock_stories
from review import content, proofing, signals
from review.models import Event, Review, Stage
from review.rules import ReviewError, chain_for, in_stage_group, refusal_to_act, valid_passes

Status = Article.Status


def _stages(chain) -> list[Stage]:
    return list(chain.stages.select_related("group").order_by("position"))


def _locked(article) -> Review:
    # The story's row before its review's, as an edit takes them (the story
    # saved, then its review told): the other way round a sign-off and an
    # edit of the story deadlocked (articles.row_locks).
    lock_stories(Article.objects.filter(pk=article.pk))
    review = Review.objects.select_for_update().filter(article_id=article.pk).first()
    if review is None:
        raise ReviewError(_("This story has not been submitted for review."))
    return review


def _record(article, action, user, stage=None, reason="", fingerprint=None, **extra) -> Event:
    snap = content.snapshot(article)
    return Event.objects.create(
        article=article,
        action=action,
        user=user,
        stage=stage,
        reason=reason,
        snapshot=snap,
        fingerprint=fingerprint or content.fingerprint(snap),
        **extra,
    )


def _refresh(article) -> Article:
    return Article.objects.select_related("department", "created_by").get(pk=article.pk)


def submit(article, user) -> Review:
    """Submit a draft for review (the admin's action and status field do the
    same through the workflow; entering the chain follows the status)."""
    article = _refresh(article)
    if article.status != Status.DRAFT:
        raise ReviewError(_("Only a draft can be submitted for review."))
    workflow.submit_for_review(Article.objects.filter(pk=article.pk), user)
    return Review.objects.get(article_id=article.pk)


def enter_chain(article, user) -> Review | None:
    """A story that turned "in review" waits at the first stage whose pass is
    not valid (the first one for a new story or one back from rework). Called
    after every save; a story already waiting is left where it is."""
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(article_id=article.pk).first()
        if review is not None and review.state == Review.State.IN_REVIEW:
            return review
        chain = chain_for(article)
        stages = _stages(chain)
        if not stages:
            raise ReviewError(_("The review chain %(chain)s has no stages.") % {"chain": chain})
        if review is not None and review.state == Review.State.SIGNED_OFF:
            # Sent back to review after its sign-off: it needs signing off again.
            _void_from(article, stages, len(stages) - 1)
        passed = {e.stage_id for e in valid_passes(article)}
        first_open = next(s for s in stages if s.pk not in passed)
        review = review or Review(article=article)
        review.chain, review.stage, review.state = chain, first_open, Review.State.IN_REVIEW
        review.since = timezone.now()
        review.fingerprint = content.fingerprint(content.snapshot(article))
        review.save()
        _record(article, Event.Action.SUBMIT, user, first_open)
        return review


def _blocking_unresolved(article) -> list[list]:
    result = proofing.refresh(article)
    blocking = proofing.blocking_findings(result)
    if not blocking:
        return []
    overridden = Event.objects.filter(
        article=article, action=Event.Action.OVERRIDE, void=False, fingerprint=result.fingerprint
    ).exists()
    return [] if overridden else blocking


def pass_stage(article, user, reason: str = "") -> Review:
    """Pass the stage the story waits at. Passing the last stage signs it off
    and publishes it (at its publish time, if one in the future is set)."""
    with transaction.atomic():
        review = _locked(article)
        article = _refresh(article)
        if review.state != Review.State.IN_REVIEW or review.stage is None:
            raise ReviewError(_("This story is not waiting for a review."))
        stage = review.stage
        refusal = refusal_to_act(user, article, stage, passing=True)
        if refusal:
            raise ReviewError(refusal)
        stages = _stages(review.chain)
        last = stage.pk == stages[-1].pk
        if last:
            blocking = _blocking_unresolved(article)
            if blocking:
                words = "、".join(sorted({finding[3] for finding in blocking}))
                raise ReviewError(
                    _(
                        "A blocking check failed (%(what)s); an editor must override it with a reason "
                        "before the sign-off."
                    )
                    % {"what": words}
                )
        _record(article, Event.Action.PASS, user, stage, reason)
        review.fingerprint = content.fingerprint(content.snapshot(article))
        review.since = timezone.now()
        if last:
            review.stage, review.state = None, Review.State.SIGNED_OFF
            review.save()
            workflow.publish(Article.objects.filter(pk=article.pk), user)
        else:
            review.stage = stages[[s.pk for s in stages].index(stage.pk) + 1]
            review.save()
        return review


def _void_from(article, stages, index):
    Event.objects.filter(
        article=article, action=Event.Action.PASS, void=False, stage__in=[s.pk for s in stages[index:]]
    ).update(void=True)


def _waiting_for(article, user) -> tuple[Review, Article]:
    """The story's review, locked, and the story as stored, when it waits at a
    stage where ``user`` may send it back or reject it (inside a transaction)."""
    review = _locked(article)
    article = _refresh(article)
    if review.state != Review.State.IN_REVIEW or review.stage is None:
        raise ReviewError(_("This story is not waiting for a review."))
    refusal = refusal_to_act(user, article, review.stage, passing=False)
    if refusal:
        raise ReviewError(refusal)
    return review, article


def return_for_rework(article, user, reason: str, to_stage: Stage | None = None) -> Review:
    """Back to the reporter (a draft again, every pass void) or to an earlier
    stage (its pass and the later ones void). A reason is required."""
    if not (reason or "").strip():
        raise ReviewError(_("Say why the story goes back."))
    with transaction.atomic():
        review, article = _waiting_for(article, user)
        stages = _stages(review.chain)
        current = [s.pk for s in stages].index(review.stage_id)
        if to_stage is None:
            _void_from(article, stages, 0)
            review.state, review.stage = Review.State.RETURNED, None
        else:
            target = [s.pk for s in stages].index(to_stage.pk) if to_stage in stages else -1
            if not 0 <= target < current:
                raise ReviewError(_("A story goes back to an earlier stage only."))
            _void_from(article, stages, target)
            review.stage = stages[target]
        _record(article, Event.Action.RETURN, user, stages[current], reason.strip(), returned_to=to_stage)
        review.since = timezone.now()
        review.save()
        if to_stage is None:
            workflow.send_back(Article.objects.filter(pk=article.pk), user)
        return review


def reject(article, user, reason: str) -> Review:
    """The story will not run: archived, every pass void. A reason is required."""
    if not (reason or "").strip():
        raise ReviewError(_("Say why the story is rejected."))
    with transaction.atomic():
        review, article = _waiting_for(article, user)
        stages = _stages(review.chain)
        _void_from(article, stages, 0)
        _record(article, Event.Action.REJECT, user, review.stage, reason.strip())
        review.state, review.stage, review.since = Review.State.REJECTED, None, timezone.now()
        review.save()
        workflow.archive(Article.objects.filter(pk=article.pk), user)
        return review


def override_blocking(article, user, reason: str) -> Event:
    """Let the sign-off go ahead despite the blocking findings on the story's
    current text; an edit needs a new override."""
    if not user.has_perm("review.override_blocking_check"):
        raise ReviewError(_("Only editors may override a blocking check."))
    if not (reason or "").strip():
        raise ReviewError(_("Say why the blocking check is overridden."))
    with transaction.atomic():
        review = _locked(article)
        article = _refresh(article)
        result = proofing.refresh(article)
        blocking = proofing.blocking_findings(result)
        if not blocking:
            raise ReviewError(_("No blocking check failed on this story."))
        words = "；".join(sorted({f[3] for f in blocking}))
        # An override covers the findings on this text: it is matched with
        # the proofreading results by their fingerprint.
        return _record(
            article,
            Event.Action.OVERRIDE,
            user,
            review.stage,
            f"{reason.strip()}（{words}）",
            fingerprint=result.fingerprint,
        )


def note_edit(article, user) -> None:
    """Called after every save of a story. When its text changed after a
    stage was passed, the story goes back to a stage: the lowest one after
    the editor's own level (the first stage for a reporter), so everyone above
    sees the change, with the diff against what they passed. The reviewer at
    the current stage editing as part of the review voids nothing. A live
    story's correction is recorded with its diff and stays live."""
    review = Review.objects.filter(article_id=article.pk).select_related("stage").first()
    if review is None or _chain_changed(article, review, user):
        return
    snap = content.snapshot(article)
    fp = content.fingerprint(snap)
    if review.fingerprint == fp:
        return
    review.fingerprint = fp
    passes = list(valid_passes(article))
    live = article.is_public
    if live or not passes or review.state not in (Review.State.IN_REVIEW, Review.State.SIGNED_OFF):
        if live:
            _edited_event(article, user, None, passes[-1].snapshot if passes else {})
        review.save(update_fields=["fingerprint"])
        return
    stages = _stages(review.chain)
    current = len(stages) if review.stage_id is None else [s.pk for s in stages].index(review.stage_id)
    if current < len(stages) and user is not None and in_stage_group(user, stages[current]):
        review.save(update_fields=["fingerprint"])
        return
    own = [i for i in range(current) if user is not None and in_stage_group(user, stages[i])]
    back = max(own) if own else 0
    passed_at = {p.stage_id: p for p in passes}
    before = next((passed_at[s.pk].snapshot for s in stages[back:] if s.pk in passed_at), {})
    _void_from(article, stages, back)
    _edited_event(article, user, stages[back], before)
    review.stage, review.state, review.since = stages[back], Review.State.IN_REVIEW, timezone.now()
    review.save()
    if article.status == Status.PUBLISHED:
        # Scheduled, not yet public: it must not go out unsigned at its time.
        article.status = Status.REVIEW
        article.save(update_fields=["status", "updated_by"])


def _chain_changed(article, review, user) -> bool:
    """The chain a story passes is its department's, chosen at submission:
    a story moved to a department with another chain while it waits in
    review, or is signed off and not yet public, starts that chain from its
    first stage, every pass void (a pass of the old chain is no stage of the
    new one). Else a reporter could submit under a department with a lighter
    chain and move the story after. Recorded as the mover's edit."""
    if article.is_public or review.state not in (Review.State.IN_REVIEW, Review.State.SIGNED_OFF):
        return False
    chain = chain_for(article)
    if chain.pk == review.chain_id:
        return False
    stages = _stages(chain)
    if not stages:
        raise ReviewError(_("The review chain %(chain)s has no stages.") % {"chain": chain})
    passes = list(valid_passes(article))
    Event.objects.filter(article=article, action=Event.Action.PASS, void=False).update(void=True)
    review.chain, review.stage, review.state, review.since = chain, stages[0], Review.State.IN_REVIEW, timezone.now()
    review.fingerprint = content.fingerprint(content.snapshot(article))
    review.save()
    Event.objects.create(
        article=article,
        action=Event.Action.EDITED,
        user=user,
        stage=stages[0],
        reason=_("The story's department changed: it goes through the review chain %(chain)s from the start.")
        % {"chain": chain},
        snapshot=passes[-1].snapshot if passes else {},
        fingerprint=review.fingerprint,
    )
    if article.status == Status.PUBLISHED:
        # Scheduled, not yet public: it must not go out at its time without the new chain's sign-off.
        article.status = Status.REVIEW
        article.save(update_fields=["status", "updated_by"])
    return True


def _edited_event(article, user, stage, before: dict) -> Event:
    fingerprint = content.fingerprint(content.snapshot(article))
    earlier = signals.correction_of_this_edit(article.pk)
    if earlier is not None and earlier.stage_id == (stage.pk if stage else None):
        # One save noted twice (the story's row, then its bylines or photos
        # when the save ends): one correction, from what was passed to what
        # the save leaves.
        earlier.fingerprint = fingerprint
        earlier.save(update_fields=["fingerprint"])
        return earlier
    event = Event.objects.create(
        article=article,
        action=Event.Action.EDITED,
        user=user,
        stage=stage,
        snapshot=before,
        fingerprint=fingerprint,
    )
    signals.correction_recorded(article.pk, event)
    return event
