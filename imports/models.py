"""The import desk's records: an upload (batch) of print pages, each page's
progress and result, and the corrections editors made to a page's parse."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from imports.refusals import refused_file


class ImportBatch(models.Model):
    """One upload: pages of one edition, imported by one job."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, to be checked")
        WAITING = "waiting", _("Waiting for the job queue")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    publication = models.CharField(_("publication"), max_length=80)
    date = models.DateField(_("edition date"))
    department = models.ForeignKey(
        "articles.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("For pages that name none of their own."),
    )
    rejected_files = models.JSONField(_("refused files"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("job runs"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("page import")
        verbose_name_plural = _("page imports")
        permissions = [("import_pages", _("Can import print pages"))]
        indexes = [models.Index(fields=["status", "created_at"], name="importbatch_status")]

    def __str__(self):
        return f"{self.publication} {self.date.isoformat()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("admin:imports_importbatch_change", args=[self.pk])

    def refused_files(self) -> list[dict]:
        """The files not imported, each ``{"name", "reason"}``, the reason in the active language."""
        return [refused_file(entry) for entry in self.rejected_files]


class ImportPage(models.Model):
    """One file of an upload: its text, where it goes, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", pgettext_lazy("imported page status", "Imported")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="pages")
    file_name = models.CharField(_("file"), max_length=255)
    number = models.PositiveSmallIntegerField(_("page number"))
    source_text = models.TextField(_("source text"))
    encoding = models.CharField(_("encoding"), max_length=20)
    department = models.ForeignKey(
        "articles.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True)
    parsed = models.JSONField(_("parse"), null=True, blank=True, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    print_page = models.ForeignKey(
        "articles.PrintPage",
        verbose_name=_("print page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who asked for the latest run of this page (the uploader, or an editor saving corrections):
    # the job saves with their permissions.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The revision of the page's corrections that its requester saw and took
    # responsibility for (the preview's save): only then does the run apply
    # corrections no one has accepted yet. None: the run applies the accepted ones.
    corrections_seen = models.PositiveIntegerField(_("corrections seen"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["batch", "number", "pk"]
        verbose_name = _("imported page")
        verbose_name_plural = _("imported pages")
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="importpage_unique_number")]

    def __str__(self):
        return f"{self.file_name} → {self.number}"


class PageCorrection(models.Model):
    """Editors' corrections to how a print page was parsed, kept with the page
    so that importing the page again applies them again (imports/corrections.py).

    ``operations`` is the list as the desk shows it, each operation with who
    made it (``"by"``); ``accepted`` is the list as it was last applied by a
    run whose requester saw it (imports/page_corrections.py). Anyone of the
    desk may add a correction, not everyone may write it into the stories: a
    correction no one has accepted waits, and an upload applies only the
    accepted list.
    """

    print_page = models.OneToOneField(
        "articles.PrintPage", verbose_name=_("print page"), on_delete=models.CASCADE, related_name="desk_correction"
    )
    operations = models.JSONField(_("corrections"), default=list)
    # Goes up with every change, so the desk knows whether the saved stories include the latest.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    accepted = models.JSONField(_("accepted corrections"), default=list)
    accepted_revision = models.PositiveIntegerField(_("accepted revision"), default=0)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("page correction")
        verbose_name_plural = _("page corrections")

    def __str__(self):
        return str(self.print_page)
