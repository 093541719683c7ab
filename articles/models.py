from ckeditor.fields import RichTextField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles import story_slugs
from articles.editions import Edition, PrintPage, Publication  # noqa: F401  (re-exported: the app's models)
from articles.natural_keys import ChildNaturalKeyManager, SlugNaturalKeyManager
from articles.querysets import ArticleQuerySet
from articles.sanitize import sanitize_html
from articles.slug_urls import slug_url
from articles.slugs import pinyin_slug, unique_slug
from articles.xml_text import xml_safe


class Department(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        blank=True,
        help_text=_("Part of the section's web address. Left blank, it is made from the name in pinyin."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Sections are listed on the site from the lowest number up.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A section cannot be its own parent.")})
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Department.objects, self.name, "department", 60, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:department", self.slug)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("Story")
        BRIEF = "brief", _("Brief")
        PHOTO = "photo", _("Photo")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

        @classmethod
        def needing_publish_permission(cls):
            return {cls.PUBLISHED, cls.ARCHIVED}

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STORY)
    kicker = models.CharField(
        _("kicker"), max_length=80, blank=True, help_text=_("The short line above the headline (引题), e.g. 抗疫日记.")
    )
    headline = models.CharField(_("headline"), max_length=200)
    subtitle = models.CharField(
        _("subtitle"),
        max_length=200,
        blank=True,
        help_text=_("The line below the headline (副题), without the leading dash."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The story's web address. Left blank, it is made from the headline in pinyin."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists, feeds and sharing.")
    )
    body = RichTextField(_("body"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=40, blank=True, help_text=_("E.g. 本报讯."))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = TaggableManager(_("tags"), blank=True, through="TaggedArticle", help_text=_("Separate tags with commas."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("Readers see a published story from this time on. A time in the future schedules it."),
    )
    print_page = models.ForeignKey(
        PrintPage,
        verbose_name=_("print page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    print_position = models.PositiveSmallIntegerField(
        _("position on the page"),
        null=True,
        blank=True,
        help_text=_("Where the story stood on the printed page, in reading order from 1."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one on every save; a form saved from an older version is refused."),
    )
    announced_at = models.DateTimeField(
        _("announced"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When publish_due last ran the side effects of this story going live."),
    )
    import_ref = models.CharField(
        _("import reference"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the print-page importer so that a re-import updates this story."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Defaults rather than auto_now: fixtures load with raw saves, which skip auto_now.
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, unpublish and archive articles"))]
        indexes = [
            # The readers' lists in their order (querysets.newest_first(): a
            # btree's ascending print position puts NULLs last), all and by
            # section, each page read straight from the index, where the
            # (status, publish time) prefix alone left every page to sort.
            models.Index(fields=["status", "-publish_at", "print_position", "-id"], name="article_newest"),
            models.Index(
                fields=["department", "status", "-publish_at", "print_position", "-id"], name="article_dept_newest"
            ),
            models.Index(fields=["-updated_at"], name="article_updated"),
            # The admin's unfiltered changelist order, the archive and the
            # date hierarchy's years (an index-only scan, not the wide table).
            models.Index(fields=["-publish_at", "-id"], name="article_publish_order"),
            # What decides whether a related story's candidate (found by key)
            # is shown and where, read without its row (querysets.related_to_ids()).
            models.Index(fields=["id", "status", "publish_at"], name="article_id_status_publish"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_time",
            ),
            models.UniqueConstraint(
                fields=["print_page", "print_position"],
                name="article_unique_print_position",
                condition=Q(print_page__isnull=False, print_position__isnull=False),
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
        ]

    def __str__(self):
        return self.headline

    def natural_key(self):
        return (self.slug,)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def is_public(self):
        return self.readers_see(self.status, self.publish_at)

    @classmethod
    def readers_see(cls, status, publish_at, now=None) -> bool:
        """Whether readers are shown a story of this status and publish time
        (querysets.published() says the same in SQL)."""
        return status == cls.Status.PUBLISHED and publish_at is not None and publish_at <= (now or timezone.now())

    def fill_publish_time(self, now=None):
        """Publishing without a time means now."""
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = now or timezone.now()

    def clean(self):
        # Here as well as in save(), so that the form shows the time it set.
        self.fill_publish_time()

    # What a save compares with the stored row: versions, status changes,
    # former slugs and the page cache's invalidation.
    STATE_FIELDS = (
        "slug",
        "headline",
        "status",
        "version",
        "department_id",
        "publish_at",
        "print_page_id",
        "print_position",
    )
    # Set for one save when the stored row is not the state being left: a
    # revision restore or a recovery writes the old row back before its form
    # saves (see ArticleAdmin.revision_view).
    state_left = None
    # Set by each save: whether readers could see the story before it (as
    # stored, or as ``state_left`` says). Only such a story is live for the
    # review (review.steps.note_edit): an edit of any other goes back to review.
    public_before_save = False

    def stored_state(self, using=None) -> dict | None:
        """The stored row's STATE_FIELDS, read from the primary."""
        if self.pk is None:
            return None
        using = using or router.db_for_write(Article, instance=self)
        return Article.objects.using(using).filter(pk=self.pk).values(*self.STATE_FIELDS).first()

    # Plain-text fields readers see in feeds and sitemaps, which XML writes.
    XML_TEXT_FIELDS = ("kicker", "headline", "subtitle", "summary", "dateline")

    def save(self, *args, **kwargs):
        db = kwargs.get("using") or router.db_for_write(Article, instance=self)
        self.updated_at = timezone.now()
        for field in self.XML_TEXT_FIELDS:
            setattr(self, field, xml_safe(getattr(self, field)))
        self.body = sanitize_html(self.body)
        self.fill_publish_time()
        previous = self.stored_state(db)
        if self.state_left is not None:
            previous = {**(previous or {}), **self.state_left}
        if previous:
            self.version = previous["version"] + 1
        if previous and self.slug == previous["slug"] and self.headline != previous["headline"]:
            # A slug the editor never touched follows the headline, so the URL
            # stays readable; the old one keeps working through SlugHistory.
            if previous["slug"].rstrip("-0123456789") == pinyin_slug(previous["headline"], 96).rstrip("-0123456789"):
                self.slug = ""
        becomes_published = self.status == self.Status.PUBLISHED and (previous or {}).get("status") != self.status
        if not self.slug or (becomes_published and story_slugs.is_automatic(self.slug, self.headline)):
            self.slug = story_slugs.choose(self, Article.objects.using(db))
        from articles.workflow import check_publishable

        # The model's own guard: nothing turns published, nor is shown to
        # readers who could not see it, without a sign-off covering it (a
        # story created published is an archive import or a fixture).
        turns_published = bool(previous) and becomes_published
        if turns_published:
            # Judged before the write: a publish is refused, not undone.
            check_publishable(self)
        public_before = bool(previous) and self.readers_see(previous["status"], previous.get("publish_at"))
        self.public_before_save = public_before
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at", "slug"}
        # The write and what the review does after it (post_save: an edit
        # sends the story back) are one, so readers never see the row between.
        with transaction.atomic(using=db):
            try:
                # The page cache's pre_save handler reads state_left as well.
                super().save(*args, **kwargs)
            finally:
                self.state_left = None
            if previous and not turns_published and not public_before and self.is_public:
                # Its time brought forward: judged on what the save leaves
                # once the review heard of it (an edit sent it back).
                check_publishable(self)
            old_status = previous["status"] if previous else None
            if old_status != self.status:
                StatusChange.objects.using(db).create(
                    article=self, from_status=old_status or "", to_status=self.status, user=self.updated_by
                )
            if previous and previous["slug"] != self.slug:
                SlugHistory.objects.using(db).update_or_create(slug=previous["slug"], defaults={"article": self})
                story_slugs.slug_left(self, previous["slug"], db)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)


class TaggedArticle(TaggedItemBase):
    """The join between articles and django-taggit's tags: a real foreign key
    (faster lists than taggit's generic relation) with a natural key."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")

    objects = ChildNaturalKeyManager()
    natural_key_lookups = ("content_object__slug", "tag__name")

    class Meta:
        verbose_name = _("tag on an article")
        verbose_name_plural = _("tags on articles")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique")]
        # A tag's newest stories (tag pages, related stories) straight from the index.
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_article_tag_story")]

    def natural_key(self):
        return (self.content_object.slug, self.tag.name)

    natural_key.dependencies = ["articles.article", "taggit.tag"]


class StatusChange(models.Model):
    """One step of a story through the workflow, and who took it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=10, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Article.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["article", "at"], name="status_change_article_at")]

    def __str__(self):
        before = self.get_from_status_display() if self.from_status else "∅"
        return f"{before} → {self.get_to_status_display()}"


class SlugHistory(models.Model):
    """A slug an article had before, so that old links redirect to the current URL."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return self.slug


# The app's other models, defined beside the story they belong to; importing
# them here is how Django (and ``from articles.models import …``) finds them.
from articles.import_records import DeletedImport, ImportedStory  # noqa: E402,F401
from articles.search.models import SearchEntry  # noqa: E402,F401
from articles.story_parts import Byline, Photo, photo_upload_to  # noqa: E402,F401
from articles.tag_edit_jobs import TagEditJob  # noqa: E402,F401
