"""What the print-page importer remembers between imports of a page: what it
last wrote to each story (so a re-import overwrites only what no editor has
changed since), and the imported stories editors deleted (so a re-import does
not bring them back)."""

from __future__ import annotations

import contextlib
import contextvars

from django.db import models
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

# Set while the importer itself deletes stories gone from a page: those are
# not an editor's deletions and may come back with a later import.
importer_deleting = contextvars.ContextVar("importer_deleting", default=False)


class ImportedStory(models.Model):
    """What the last import of a story's page wrote to it, and what it left as an editor had it.

    ``version`` is the story's version as the last import's whole write left
    it, so a later version is an editor's save. Each import moves it forward
    (its own save is no editor's), so an editor's save that no written field
    shows (a status set at the desk, a slug) would count only until the next
    import: ``edited`` keeps it. An import that finds the story saved since the
    last one sets it and no import clears it, so a story an editor once saved
    stays the editors' (a page that drops it no longer deletes it). A flag
    rather than a version left behind: ``version`` keeps one meaning, and the
    import's own saves never read as an editor's."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="import_record", verbose_name=_("article")
    )
    # Field name → the value the import wrote (dates as ISO text, the department
    # as its slug: ids differ in a backup restored elsewhere).
    written = models.JSONField(_("fields the import wrote"), default=dict)
    # The bylines the import wrote, each [role, person's slug, credit]: slugs, not ids,
    # which a backup restored elsewhere gives other people.
    bylines = models.JSONField(_("bylines the import wrote"), default=list)
    # Field name → the value the parser wanted where an editor's change was kept.
    kept = models.JSONField(_("editors' changes kept"), default=dict, blank=True)
    # The story's version as the import's whole write left it (a review it sent
    # back included): any save since is an editor's (a photo, tags, a status
    # set at the desk), which the fields above do not show. Empty in records
    # made before it was kept.
    version = models.PositiveIntegerField(_("version the import left"), null=True, blank=True)
    # Saved by an editor since some import wrote it, found by a later import.
    edited = models.BooleanField(_("edited since imported"), default=False)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported story record")
        verbose_name_plural = _("imported story records")

    def __str__(self):
        return str(self.article_id)


class DeletedImport(models.Model):
    """An imported story an editor deleted: a re-import of its page does not create it again.
    Deleting this record lets the next import bring the story back."""

    import_ref = models.CharField(_("import reference"), max_length=200, unique=True)
    headline = models.CharField(_("headline"), max_length=300)
    lead = models.CharField(_("opening"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted imported story")
        verbose_name_plural = _("deleted imported stories")

    def __str__(self):
        return self.headline

    @staticmethod
    @contextlib.contextmanager
    def not_remembered():
        """Deletions made inside are the importer's own (stories gone from a page), not an editor's."""
        token = importer_deleting.set(True)
        try:
            yield
        finally:
            importer_deleting.reset(token)


@receiver(pre_delete, sender=Article, dispatch_uid="articles.import_records.remember_deleted")
def remember_deleted(sender, instance, origin=None, **kwargs):
    """An editor's deletion of an imported story (the story itself, one or many, not a
    row it hangs from) is remembered under its import reference."""
    if not instance.import_ref or importer_deleting.get():
        return
    if not (isinstance(origin, Article) or getattr(origin, "model", None) is Article):
        return
    from articles.importer.rematch import lead_of_html

    record = ImportedStory.objects.filter(article=instance).values_list("written", flat=True).first() or {}
    body = record.get("body") or instance.body
    DeletedImport.objects.update_or_create(
        import_ref=instance.import_ref,
        defaults={"headline": (record.get("headline") or instance.headline)[:300], "lead": lead_of_html(body)[:200]},
    )


@receiver(post_save, sender=Article, dispatch_uid="articles.import_records.forget_restored")
def forget_restored(sender, instance, created, raw=False, using=None, **kwargs):
    """A deleted story written back as it was (a recovery from its revisions, a
    backup loaded) is no longer deleted: its record goes, or the next import of
    its page would take the story for the deleted one. Only raw saves write a
    story back with its import reference; the importer never creates one at a
    deleted story's."""
    if raw and created and instance.import_ref:
        DeletedImport.objects.using(using).filter(import_ref=instance.import_ref).delete()
