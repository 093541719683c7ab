from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.natural_keys import ChildNaturalKeyManager
from articles.slug_urls import slug_url
from articles.slugs import unique_slug
from articles.xml_text import xml_safe


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People the public may see: someone with a published story by them
        or about them, where that mention is public (Mention.objects.public()).
        Anyone else (a draft's source, an embargoed story's
        subject) has no page, feed, sitemap entry or search scope."""
        from articles.models import Article

        published = Article.objects.published()
        return self.filter(
            Exists(published.filter(bylines__person=OuterRef("pk")))
            | Exists(published.filter(public_mention_q("mentions__"), mentions__person=OuterRef("pk")))
        )

    def matching_name(self, name):
        """People called ``name``, by their name or one of their aliases."""
        return self.filter(Q(name=name) | Q(aliases__name=name)).distinct()


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Person(models.Model):
    # Chinese names repeat, so the name is not unique; the slug tells people apart.
    name = models.CharField(_("name"), max_length=60, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("A short line that tells this person apart from others of the same name."),
    )
    on_staff = models.BooleanField(
        _("newsroom staff"), default=False, help_text=_("Reporters, photographers and editors of this paper.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = PersonManager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}（{self.description}）" if self.description else self.name

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        # A name goes into the titles of the person's feeds, which XML writes.
        self.name = xml_safe(self.name)
        self.description = xml_safe(self.description)
        if not self.slug:
            self.slug = unique_slug(Person.objects, self.name, "person", 80, self.pk, former=PersonRedirect.objects)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)


class Alias(models.Model):
    """Another name the same person goes by in print: 国强 for 张国强."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=60, db_index=True)

    objects = ChildNaturalKeyManager()
    natural_key_lookups = ("person__slug", "name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="alias_unique_per_person")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.person.slug, self.name)

    natural_key.dependencies = ["people.person"]


def public_mention_q(prefix: str = "") -> Q:
    """Mentions readers may see: confirmed by an editor, or (when settings
    allow it) found with at least PEOPLE_PUBLIC_MIN_CONFIDENCE. ``prefix``
    reaches them through a relation, e.g. ``"mentions__"``."""
    from django.conf import settings

    shown = Q(**{f"{prefix}confirmed": True})
    threshold = getattr(settings, "PEOPLE_PUBLIC_MIN_CONFIDENCE", None)
    if threshold is not None:
        shown |= Q(**{f"{prefix}confidence__gte": threshold})
    return shown


def public_mention_sql(alias: str) -> tuple[str, tuple]:
    """``public_mention_q()`` as SQL on the mentions table (named by its own
    name, unaliased), and its parameters, for the database ``alias``: for raw
    SQL that must show readers the same mentions the ORM does."""
    query = Mention.objects.public().query
    sql, params = query.get_compiler(alias).compile(query.where)
    return sql, tuple(params)


class MentionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_mention_q())


class MentionManager(ChildNaturalKeyManager.from_queryset(MentionQuerySet)):
    pass


class Mention(models.Model):
    """A person named in an article, with the title the article gives them."""

    class Origin(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        SUGGESTED = "suggested", _("Suggested")
        EDITOR = "editor", _("Added by an editor")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mentions")
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("As the article gives it, e.g. 市政协机关副秘书长."),
    )
    count = models.PositiveSmallIntegerField(_("times mentioned"), default=1)
    first_offset = models.PositiveIntegerField(
        _("first mention at"), default=0, help_text=_("Character offset of the first mention in the story's text.")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    confirmed = models.BooleanField(
        _("confirmed"), default=False, help_text=_("An editor has checked that this is the right person.")
    )
    confidence = models.FloatField(
        _("confidence"), null=True, blank=True, help_text=_("How sure the extractor was (0-1), where it says.")
    )

    objects = MentionManager()
    natural_key_lookups = ("article__slug", "person__slug")

    class Meta:
        ordering = ["article", "first_offset", "pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="mention_unique_per_article"),
            models.CheckConstraint(condition=Q(count__gte=1), name="mention_count_positive"),
        ]
        indexes = [
            models.Index(fields=["person", "article"], name="mention_person_article"),
            # "Most in the news" probes the newest stories' confirmed mentions
            # (people_tags.most_in_the_news_queryset()): read from this index
            # alone, where the story's index needed each mention's row.
            models.Index(fields=["article", "person"], condition=Q(confirmed=True), name="mention_confirmed_article"),
        ]

    def __str__(self):
        return f"{self.person.name} @ {self.article_id}"

    def natural_key(self):
        return (self.article.slug, self.person.slug)

    natural_key.dependencies = ["articles.article", "people.person"]


class MentionRejection(models.Model):
    """An editor said this name in this story is not a person (or not this
    one): the importer never suggests it for the story again."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="rejected_mentions"
    )
    name = models.CharField(_("name"), max_length=60)
    rejected_by = models.ForeignKey(
        "auth.User", verbose_name=_("rejected by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("rejected"), default=timezone.now)

    class Meta:
        verbose_name = _("rejected mention")
        verbose_name_plural = _("rejected mentions")
        constraints = [models.UniqueConstraint(fields=["article", "name"], name="mentionrejection_unique")]

    def __str__(self):
        return f"{self.name} @ {self.article_id}"


class PersonRedirect(models.Model):
    """The slug of a person merged into another: their old page redirects."""

    slug = models.SlugField(_("old slug"), max_length=80, unique=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(_("merged"), default=timezone.now)

    class Meta:
        verbose_name = _("person redirect")
        verbose_name_plural = _("person redirects")

    def __str__(self):
        return f"{self.slug} → {self.person.slug}"
