"""The review's steps: submit, pass (the last pass is the sign-off, 签发, and
publishes), return for rework, reject, override a blocking check, and what
an edit after a pass does. Each step locks the story's review row, checks
the rules (review/rules.py) and is recorded as an Event."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article
from articles.row_locks import lock_stories
from review import content, proofing, signals
from review.models import Event, Review, Stage
from review.rules import (
    ReviewError,
    authors_of,
    chain_for,
    chains_for,
    override_refusal,
    refusal_to_act,
    stage_after_edit,
    valid_passes,
)

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
        if review is not None and review.state in Review.WAITING:
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
        if review.state not in Review.WAITING or review.stage is None:
            raise ReviewError(_("This story is not waiting for a review."))
        stage = review.stage
        refusal = refusal_to_act(user, article, stage, passing=True)
        if refusal:
            raise ReviewError(refusal)
        stages = _stages(review.chain)
        last = stage.pk == stages[-1].pk
        if last:
            # The sign-off publishes: the stage's group says who may sign
            # off, the permission table who may publish.
            _require_move(user, article, Status.PUBLISHED)
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


def take_down(article, user) -> None:
    """``article``, which readers could see before its last save, is off the
    site now (unpublished, archived, restored to an unpublished revision, its
    publish time moved ahead): its sign-off ends there. It waits at the last
    stage for a new one (签发), which puts it back up; the sign-off's pass is
    void, kept in the history with the earlier ones, and the step says who
    took it down and how. A story whose time was moved ahead is taken back
    to review, or it would go back up at that time on the old sign-off.
    Called inside the save's transaction, after its edit was noted."""
    review = Review.objects.select_for_update().filter(article_id=article.pk).select_related("chain").first()
    if article.status == Status.PUBLISHED:
        how = _("its publish time was moved to %(time)s") % {
            "time": timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M")
        }
    else:
        how = _("its status was changed to %(status)s") % {"status": Status(article.status).label}
    reason = _("Taken off the site (%(how)s): it goes back up only after a new sign-off.") % {"how": how}
    stage = None
    if review is not None and review.state == Review.State.SIGNED_OFF:
        stages = _stages(review.chain)
        if not stages:
            raise ReviewError(_("The review chain %(chain)s has no stages.") % {"chain": review.chain})
        stage = stages[-1]
        _void_from(article, stages, len(stages) - 1)
        review.stage, review.state, review.since = stage, Review.State.TAKEN_DOWN, timezone.now()
        review.save(update_fields=["stage", "state", "since"])
    _record(article, Event.Action.TAKEN_DOWN, user, stage, reason)
    if article.status == Status.PUBLISHED:
        article.status = Status.REVIEW
        article.save(update_fields=["status", "updated_by"])


def _require_move(user, article, to_status) -> None:
    """A step that moves the story's status is judged as the admin's status
    field is, on the status it leaves and the one it enters."""
    refusal = workflow.move_refusal(user, article.status, to_status)
    if refusal:
        raise ReviewError(refusal)


def _void_from(article, stages, index):
    Event.objects.filter(
        article=article, action=Event.Action.PASS, void=False, stage__in=[s.pk for s in stages[index:]]
    ).update(void=True)


def _waiting_for(article, user) -> tuple[Review, Article]:
    """The story's review, locked, and the story as stored, when it waits at a
    stage where ``user`` may send it back or reject it (inside a transaction)."""
    review = _locked(article)
    article = _refresh(article)
    if review.state not in Review.WAITING or review.stage is None:
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
            _require_move(user, article, Status.DRAFT)
            _void_from(article, stages, 0)
            review.state, review.stage = Review.State.RETURNED, None
        else:
            target = [s.pk for s in stages].index(to_stage.pk) if to_stage in stages else -1
            if not 0 <= target < current:
                raise ReviewError(_("A story goes back to an earlier stage only."))
            _void_from(article, stages, target)
            review.stage, review.state = stages[target], Review.State.IN_REVIEW
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
        _require_move(user, article, Status.ARCHIVED)
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
    if refusal := override_refusal(user, article):
        raise ReviewError(refusal)
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


def note_edit(article, user, public_before: bool) -> None:
    """Called after every save of a story: ``note_edits([article], user)``.

    Live means readers could see the story before this save
    (``public_before``): a scheduled story whose time the same save brings
    forward is not live, and its edit goes back to review like any other."""
    note_edits([article], user, {article.pk: public_before})


# Stories noted together in one round of statements: an edit of thousands of
# stories at once (a tag renamed) reads and writes them this many at a time.
NOTE_BATCH = 1000


def note_edits(articles, user, public_before: dict | None = None) -> None:
    """Edits of ``articles`` (stories as stored now) by ``user``. When a
    story's text changed after a stage was passed, the story goes back to a
    stage (rules.stage_after_edit: the first, every pass void, for an edit by
    one of its authors), so everyone above sees the change, with the diff
    against what they passed. The reviewer at the current stage editing as
    part of the review voids nothing. A live story's correction is recorded
    with its diff and stays live. A fixed number of statements for each batch of stories,
    whatever their number (a scheduled story sent back is saved on its own).
    ``public_before``: whether readers could see a story before this edit, by
    id, where its row was saved in it (else as it stands now)."""
    # Each story once: noted twice in one batch, it would be sent back twice.
    articles = list({article.pk: article for article in reversed(list(articles))}.values())[::-1]
    for start in range(0, len(articles), NOTE_BATCH):
        _note_batch(articles[start : start + NOTE_BATCH], user, public_before or {})


def _note_batch(articles, user, public_before: dict) -> None:
    reviews = {
        review.article_id: review
        for review in Review.objects.filter(article_id__in=[a.pk for a in articles]).select_related("stage")
    }
    # A story moved to a department of another chain starts that chain afresh.
    waiting = [article for article in articles if article.pk in reviews and _waits(article, reviews[article.pk])]
    chains = chains_for(waiting) if waiting else {}
    edited = [
        article
        for article in articles
        if article.pk in reviews
        and not (article.pk in chains and _chain_changed(article, reviews[article.pk], chains[article.pk], user))
    ]
    snaps = content.snapshots(edited)
    fingerprints = {article.pk: content.fingerprint(snaps[article.pk]) for article in edited}
    edited = [article for article in edited if reviews[article.pk].fingerprint != fingerprints[article.pk]]
    if not edited:
        return
    passes = defaultdict(list)
    for event in Event.objects.filter(
        article_id__in=[a.pk for a in edited], action=Event.Action.PASS, void=False
    ).select_related("stage", "user"):
        passes[event.article_id].append(event)
    chains = _chains_stages({reviews[a.pk].chain_id for a in edited})
    authors = None
    voided, corrections, sent_back, fingerprint_only, moved = [], [], [], [], []
    for article in edited:
        review, fp, passed = reviews[article.pk], fingerprints[article.pk], passes[article.pk]
        review.fingerprint = fp
        live = public_before.get(article.pk, article.is_public)
        # A sign-off covers the text it signed, whatever passes are on record;
        # before it, only a pass has something to void.
        judged = review.state == Review.State.SIGNED_OFF or (passed and review.state in Review.WAITING)
        if live or not judged:
            if live:
                corrections.append((article, None, passed[-1].snapshot if passed else {}, fp, ""))
            fingerprint_only.append(review)
            continue
        stages = chains[review.chain_id]
        current = len(stages) if review.stage_id is None else [s.pk for s in stages].index(review.stage_id)
        if authors is None:
            # Read once a batch, for the stories with something to void.
            authors = authors_of(edited) if user is not None else {}
        authored = user is not None and user.pk in authors[article.pk]
        back = stage_after_edit(user, stages, current, authored=authored)
        if back is None:
            fingerprint_only.append(review)
            continue
        passed_at = {p.stage_id: p for p in passed}
        before = next((passed_at[s.pk].snapshot for s in stages[back:] if s.pk in passed_at), {})
        voided += [p.pk for p in passed if p.stage_id in {s.pk for s in stages[back:]}]
        why = _authors_edit(passed, stages) if authored else ""
        corrections.append((article, stages[back], before, fp, why))
        review.stage, review.state, review.since = stages[back], Review.State.IN_REVIEW, timezone.now()
        moved.append(review)
        if article.status == Status.PUBLISHED:
            sent_back.append(article)
    if voided:
        Event.objects.filter(pk__in=voided).update(void=True)
    _edited_events(corrections, user)
    Review.objects.bulk_update(fingerprint_only, ["fingerprint"])
    Review.objects.bulk_update(moved, ["fingerprint", "stage", "state", "since"])
    for article in sent_back:
        # Not yet public (scheduled, or brought forward by this very save):
        # it must not go out unsigned.
        article.status = Status.REVIEW
        article.save(update_fields=["status", "updated_by"])


def _chains_stages(chain_ids) -> dict[int, list[Stage]]:
    """Each chain's stages in order, by chain id, in one query."""
    found = defaultdict(list)
    for stage in Stage.objects.filter(chain_id__in=chain_ids).select_related("group").order_by("chain_id", "position"):
        found[stage.chain_id].append(stage)
    return found


def _authors_edit(passed, stages) -> str:
    """Why an edit by one of the story's authors sent it back to the first stage."""
    return _(
        "Edited by one of its authors (who wrote or submitted it) after %(stage)s was passed: every pass is void, "
        "and it goes through the review chain again from %(first)s."
    ) % {"stage": (passed[-1].stage if passed else stages[-1]).name, "first": stages[0].name}


def _edited_events(corrections, user) -> None:
    """An "edited after a pass" step for each (story, stage, snapshot before,
    fingerprint after, why), all written in one statement."""
    new, updated = [], []
    for article, stage, before, fingerprint, why in corrections:
        earlier = signals.correction_of_this_edit(article.pk)
        if earlier is not None and earlier.stage_id == (stage.pk if stage else None):
            # One save noted twice (the story's row, then its bylines or photos
            # when the save ends): one correction, from what was passed to what
            # the save leaves.
            earlier.fingerprint = fingerprint
            updated.append(earlier)
            continue
        new.append(
            Event(
                article=article,
                action=Event.Action.EDITED,
                user=user,
                stage=stage,
                reason=why,
                snapshot=before,
                fingerprint=fingerprint,
            )
        )
    Event.objects.bulk_update(updated, ["fingerprint"])
    for event in Event.objects.bulk_create(new):
        signals.correction_recorded(event.article_id, event)


def _waits(article, review) -> bool:
    """Whether ``article`` waits in review or is signed off and not yet public:
    a move to another department then re-chooses its chain."""
    return not article.is_public and review.state in (*Review.WAITING, Review.State.SIGNED_OFF)


def _chain_changed(article, review, chain, user) -> bool:
    """The chain a story passes is its department's, chosen at submission:
    a story moved to a department with another chain while it waits in
    review, or is signed off and not yet public, starts that chain from its
    first stage, every pass void (a pass of the old chain is no stage of the
    new one). Else a reporter could submit under a department with a lighter
    chain and move the story after. Recorded as the mover's edit."""
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
