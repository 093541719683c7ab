from django import template

from articles import workflow
from articles.models import Article
from review import content, proofing, queue
from review.marks import marked_text, rule_label
from review.models import Event, Review
from review.queue import signed_off_count, stage_counts, taken_down_count
from review.rules import override_refusal, refusal_to_act

register = template.Library()


@register.inclusion_tag("review/includes/panel.html", takes_context=True)
def review_panel(context, article):
    request = context["request"]
    user = request.user
    # With why an edit sent it back to where it waits, as the queue shows it.
    reviews = queue.with_why_sent_back(Review.objects.filter(article=article))
    review = reviews.select_related("stage__group", "chain").first()
    result = proofing.refresh(article)
    snap = content.snapshot(article)
    text = content.proof_text(snap)
    events = list(Event.objects.filter(article=article).select_related("stage", "user", "returned_to"))
    panel = {
        "article": article,
        "review": review,
        "proofing": result,
        "events": events,
        "text": marked_text(text, result.findings),
        "findings": [(f, rule_label(f[2])) for f in result.findings],
        "blocking": proofing.blocking_findings(result),
        "may_submit": article.status == Article.Status.DRAFT
        and user.has_perm("articles.change_article")
        and workflow.may_edit(user, article),
        "may_override": override_refusal(user, article) is None,
    }
    panel["overridden"] = any(
        e.action == Event.Action.OVERRIDE and e.fingerprint == result.fingerprint and not e.void for e in events
    )
    if review and review.state in Review.WAITING and review.stage:
        stages = list(review.chain.stages.order_by("position"))
        panel["stage"] = review.stage
        panel["is_last"] = review.stage.pk == stages[-1].pk
        panel["earlier"] = [s for s in stages if s.position < review.stage.position]
        panel["may_act"] = refusal_to_act(user, article, review.stage, passing=False) is None
        panel["pass_refusal"] = refusal_to_act(user, article, review.stage, passing=True)
        edited = [e for e in events if e.action == Event.Action.EDITED and e.stage_id == review.stage_id]
        last_pass = max((e.at for e in events if e.action == Event.Action.PASS), default=None)
        if edited and (last_pass is None or edited[-1].at > last_pass) and edited[-1].snapshot:
            panel["edited"] = edited[-1]
            panel["diffs"] = content.diff(edited[-1].snapshot, snap)
    return panel


@register.inclusion_tag("review/includes/stage_counts.html")
def review_stage_counts():
    return {"counts": stage_counts(), "signed_off": signed_off_count(), "taken_down": taken_down_count()}
