"""The stories waiting for one person, and counts per stage: querysets whose
number of queries does not grow with the number of stories."""

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, TextField, Value, When

from review.models import Event, Review

# The steps that move a story along its chain or out of it; an edit after a
# pass that sends it back is one (a live story's correction, at no stage, is not).
_MOVES = (Event.Action.SUBMIT, Event.Action.PASS, Event.Action.RETURN, Event.Action.REJECT, Event.Action.EDITED)


def waiting_for(user, queryset=None):
    """Stories at a stage of a group ``user`` is in, that ``user`` did not
    write or submit and holds no pass of (they may pass it)."""
    queryset = Review.objects.all() if queryset is None else queryset
    queryset = queryset.filter(state__in=Review.WAITING, stage__isnull=False)
    if not user.is_superuser:
        queryset = queryset.filter(stage__group__in=user.groups.values("pk"))
    submitted = Event.objects.filter(article=OuterRef("article"), action=Event.Action.SUBMIT, user=user)
    passed = Event.objects.filter(article=OuterRef("article"), action=Event.Action.PASS, void=False, user=user)
    return (
        queryset.exclude(article__created_by=user)
        .exclude(Exists(submitted))
        .exclude(Exists(passed))
        .select_related("article__department", "article__proofing", "stage__chain")
    )


def with_why_sent_back(queryset):
    """Reviews annotated with ``why_sent_back``: the reason an edit that sent
    the story back gave (one of its authors edited it after a pass, it moved
    to another department's chain), while that edit is the last step that
    moved it; else empty. One subquery, whatever the number of stories."""
    moves = Event.objects.filter(article=OuterRef("article_id"), action__in=_MOVES, stage__isnull=False)
    why = Case(When(action=Event.Action.EDITED, then=F("reason")), default=Value(""), output_field=TextField())
    last = moves.order_by("-at", "-pk").annotate(why=why).values("why")[:1]
    return queryset.annotate(why_sent_back=Subquery(last))


def stage_counts():
    """(chain, stage, count) of the stories waiting at each stage, in one query."""
    rows = (
        Review.objects.filter(state__in=Review.WAITING, stage__isnull=False)
        .values("stage__chain__name", "stage__name", "stage__position", "stage__chain_id")
        .annotate(count=Count("pk"))
        .order_by("stage__chain_id", "stage__position")
    )
    return [(r["stage__chain__name"], r["stage__name"], r["count"]) for r in rows]


def signed_off_count():
    return Review.objects.filter(Q(state=Review.State.SIGNED_OFF)).count()


def taken_down_count():
    """Stories taken off the site, waiting for a new sign-off (counted at their stage too)."""
    return Review.objects.filter(state=Review.State.TAKEN_DOWN).count()
