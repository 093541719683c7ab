"""What a story carries besides its text: its ordered bylines and its photos
(re-exported by ``articles.models``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.images import cleaned_upload, validate_image_file
from articles.models import Article
from articles.natural_keys import ChildNaturalKeyManager
from articles.xml_text import xml_safe


class Byline(models.Model):
    """An ordered credit on an article: a person in a role, or an institution's credit text."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        REPORTER = "reporter", _("Reporter")
        CORRESPONDENT = "correspondent", _("Correspondent")
        PHOTOGRAPHER = "photographer", _("Photographer")
        EDITOR = "editor", _("Editor")
        CREDIT = "credit", _("Credit")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    credit = models.CharField(
        _("credit text"),
        max_length=100,
        blank=True,
        help_text=_("For an institution's credit such as 市纪委监委 when no person is named."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ChildNaturalKeyManager()
    natural_key_lookups = ("article__slug", "position")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(credit=""), name="byline_person_or_credit"),
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="byline_unique_person_role",
                condition=Q(person__isnull=False),
            ),
        ]

    def __str__(self):
        return self.display_name

    def natural_key(self):
        return (self.article.slug, self.position)

    natural_key.dependencies = ["articles.article", "people.person"]

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.credit

    def clean(self):
        if self.person_id is None and not self.credit.strip():
            raise ValidationError(_("Choose a person or type a credit text."))


def photo_upload_to(instance, filename):
    return timezone.now().strftime("photos/%Y/%m/") + filename


class Photo(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text=_("Optional: a print caption may arrive before its picture."),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True, help_text=_("The photographer, e.g. 王汉平."))
    alt_text = models.CharField(
        _("alt text"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Defaults to the caption."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ChildNaturalKeyManager()
    natural_key_lookups = ("article__slug", "position")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:40] or self.image.name or str(self.pk)

    def natural_key(self):
        return (self.article.slug, self.position)

    natural_key.dependencies = ["articles.article"]

    def save(self, *args, **kwargs):
        # Captions become the text of image elements and feed summaries.
        self.caption, self.credit, self.alt_text = map(xml_safe, (self.caption, self.credit, self.alt_text))
        if self.image and not self.image._committed:
            # A fresh upload: store the cleaned pixels, never the file as sent.
            cleaned = cleaned_upload(self.image.file)
            self.image.save(cleaned.name, cleaned, save=False)
        super().save(*args, **kwargs)
