"""The stories waiting for one person, and counts per stage: querysets whose
number of queries does not grow with the number of stories."""

from django.db.models import Count, Exists, OuterRef, Q

from review.models import Event, Review


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
