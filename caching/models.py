from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheGeneration(models.Model):
    """One row each time a write to the shared cache may have been lost (the
    cache was unreachable or timed out). The newest row's id is the cache's
    generation: every key in the shared cache carries it, so whatever the
    cache held before a lost write is never read again."""

    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self):
        return f"{self.pk}: {self.reason}"
