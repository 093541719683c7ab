"""Where a story stood in print: the paper, one day's edition of it, and the
printed pages of an edition (re-exported by ``articles.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.natural_keys import SlugNaturalKeyManager
from articles.slugs import unique_slug

# More pages than any daily prints (the command and the desk refuse more; the
# column itself would hold up to 32,767).
MAX_PAGE_NUMBER = 999


class Publication(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Publication.objects, self.name, "publication", 80, self.pk)
        super().save(*args, **kwargs)


class EditionManager(models.Manager):
    def get_by_natural_key(self, publication_slug, date):
        return self.get(publication__slug=publication_slug, date=date)


class Edition(models.Model):
    """One day's paper."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.PROTECT, related_name="editions"
    )
    date = models.DateField(_("date"))
    number = models.PositiveIntegerField(_("issue number"), null=True, blank=True)

    objects = EditionManager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="edition_unique_per_day"),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def natural_key(self):
        return (*self.publication.natural_key(), self.date.isoformat())

    natural_key.dependencies = ["articles.publication"]


class PrintPageManager(models.Manager):
    def get_by_natural_key(self, publication_slug, date, number):
        return self.get(edition__publication__slug=publication_slug, edition__date=date, number=number)


class PrintPage(models.Model):
    """One printed page of an edition."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("page number"))
    title = models.CharField(_("page title"), max_length=80, blank=True, help_text=_("E.g. 要闻 or 抗疫一线."))
    source_text = models.TextField(
        _("source text"), blank=True, help_text=_("The page's text as it was imported, kept for re-imports.")
    )

    objects = PrintPageManager()

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("print page")
        verbose_name_plural = _("print pages")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="print_page_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="print_page_number_positive"),
        ]

    def __str__(self):
        return _("%(edition)s page %(number)s") % {"edition": self.edition, "number": self.number}

    def natural_key(self):
        return (*self.edition.natural_key(), self.number)

    natural_key.dependencies = ["articles.edition"]
