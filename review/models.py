"""The review chain (三审: 初审, 复审, 终审/签发), each story's place in it, the
audit of every step, the editors' word list and each story's proofreading."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Department


class ChainManager(models.Manager):
    def get_by_natural_key(self, department_slug):
        # A backup restored into a migrated database updates the default chain
        # the migration made rather than adding a second one.
        chains = self.filter(department__slug=department_slug) if department_slug else self.filter(department=None)
        chain = chains.order_by("pk").first()
        if chain is None:
            raise self.model.DoesNotExist(f"no review chain for {department_slug or 'the default'}")
        return chain


class Chain(models.Model):
    """The stages a story passes before it is signed off. The chain without a
    department is the paper's default; a department may have its own."""

    name = models.CharField(_("name"), max_length=60)
    department = models.OneToOneField(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_chain",
        help_text=_("Leave empty for the default chain of every other department."),
    )

    objects = ChainManager()

    class Meta:
        ordering = ["department__name", "pk"]
        verbose_name = _("review chain")
        verbose_name_plural = _("review chains")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.department.slug if self.department_id else "",)

    natural_key.dependencies = ["articles.department"]


class StageManager(models.Manager):
    def get_by_natural_key(self, department_slug, position):
        return self.get(chain=Chain.objects.get_by_natural_key(department_slug), position=position)


class Stage(models.Model):
    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=30, help_text=_("E.g. 初审, 复审, 终审/签发."))
    group = models.ForeignKey(
        Group, verbose_name=_("group that may act"), on_delete=models.PROTECT, related_name="review_stages"
    )

    objects = StageManager()

    class Meta:
        ordering = ["chain", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [models.UniqueConstraint(fields=["chain", "position"], name="review_stage_unique_position")]

    def natural_key(self):
        return (*self.chain.natural_key(), self.position)

    natural_key.dependencies = ["review.chain"]

    def __str__(self):
        return self.name


class Review(models.Model):
    """Where a story stands in its chain. One row per story that was ever submitted."""

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned for rework")
        REJECTED = "rejected", _("Rejected")
        SIGNED_OFF = "signed_off", _("Signed off")
        # Readers saw it, and it was taken off the site: its sign-off ended
        # there, and it waits at the last stage for a new one.
        TAKEN_DOWN = "taken_down", _("Taken down: needs a new sign-off")

    # Waiting at ``stage`` for someone of its group to act.
    WAITING = (State.IN_REVIEW, State.TAKEN_DOWN)

    article = models.OneToOneField(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="review")
    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey(
        Stage, verbose_name=_("waiting at"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_REVIEW)
    since = models.DateTimeField(_("waiting since"), default=timezone.now)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["state", "stage", "since"], name="review_queue")]

    def __str__(self):
        return f"{self.article_id}: {self.get_state_display()} {self.stage or ''}".strip()


class Event(models.Model):
    """One step of the review, with who took it, when, at which stage and why.
    A pass stays valid until an edit, a return or a rejection voids it."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        PASS = "pass", _("Passed")
        RETURN = "return", _("Returned for rework")
        REJECT = "reject", _("Rejected")
        OVERRIDE = "override", _("Blocking check overridden")
        EDITED = "edited", _("Edited after a pass")
        TAKEN_DOWN = "taken_down", _("Taken off the site")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="review_events"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    returned_to = models.ForeignKey(
        Stage,
        verbose_name=_("returned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a return to the reporter."),
    )
    # The story's text when the step was taken, to show what changed since.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    void = models.BooleanField(_("void"), default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        permissions = [("override_blocking_check", _("Can override a blocking proofreading check"))]
        indexes = [models.Index(fields=["article", "at"], name="review_event_article_at")]
        constraints = [
            # The database's own guard: one person holds at most one valid pass
            # of a story, and each stage has at most one.
            models.UniqueConstraint(
                fields=["article", "user"], condition=Q(action="pass", void=False), name="review_one_pass_per_person"
            ),
            models.UniqueConstraint(
                fields=["article", "stage"], condition=Q(action="pass", void=False), name="review_one_pass_per_stage"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.stage or ''}".strip()


class WordListEntry(models.Model):
    """A word editors keep out of the paper (禁用词) or use with care (慎用词)."""

    class Kind(models.TextChoices):
        BANNED = "banned", _("Banned (禁用词)")
        CAUTION = "caution", _("Use with care (慎用词)")

    word = models.CharField(_("word"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BANNED)
    preferred = models.CharField(_("preferred form"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("word list entry")
        verbose_name_plural = _("word list")
        constraints = [models.CheckConstraint(condition=~Q(word=""), name="wordlist_word_not_empty")]

    def __str__(self):
        return self.word


class Proofing(models.Model):
    """The checks' findings on a story's current text, kept so that lists show
    them without running the checks again."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="proofing"
    )
    fingerprint = models.CharField(max_length=64)
    # The word list's version and the story's people (names, titles) the checks read.
    inputs_version = models.CharField(max_length=64)
    findings = models.JSONField(_("findings"), default=list)
    characters = models.PositiveIntegerField(_("characters"), default=0)
    errors_per_10k = models.FloatField(_("errors per 10,000 characters"), default=0)
    finding_count = models.PositiveIntegerField(_("findings"), default=0)
    blocking_count = models.PositiveIntegerField(_("blocking"), default=0)
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)

    class Meta:
        verbose_name = _("proofreading result")
        verbose_name_plural = _("proofreading results")

    def __str__(self):
        return f"{self.article_id}: {self.finding_count}"


class Queue(Review):
    """The editors' queue: the stories waiting for the person looking."""

    class Meta:
        proxy = True
        verbose_name = _("story waiting for me")
        verbose_name_plural = _("waiting for me")
