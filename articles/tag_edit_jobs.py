"""A tag rename or deletion too large for a web request, kept until a job has done it.

A tag's name is printed on every story carrying it, and renaming or deleting
it edits each of them (articles.tag_edits): on thousands of stories that
outlasts a request (gunicorn ends it and the transaction rolls back). Past
``TAG_EDIT_INLINE_MAX`` stories the admin records the edit here and a job
does it (articles.tag_jobs), as the user who asked, judged when it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class TagEditJob(models.Model):
    class Action(models.TextChoices):
        RENAME = "rename", _("Rename")
        DELETE = "delete", _("Delete")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the job queue")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Kept once the tag is deleted: the job's line still says which tag it was.
    tag = models.ForeignKey(Tag, verbose_name=_("tag"), null=True, on_delete=models.SET_NULL, related_name="+")
    tag_name = models.CharField(_("tag name"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    new_name = models.CharField(_("new name"), max_length=100, blank=True)
    new_slug = models.CharField(_("new slug"), max_length=100, blank=True)
    stories = models.PositiveIntegerField(_("stories"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    PENDING = (Status.WAITING, Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tag edit job")
        verbose_name_plural = _("tag edit jobs")
        indexes = [models.Index(fields=["status"], name="tag_edit_job_status")]

    def __str__(self):
        if self.action == self.Action.RENAME:
            return f"{self.tag_name} → {self.new_name}"
        return f"{self.tag_name} ✕"
