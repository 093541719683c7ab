from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = _("Cache generations")
    default_auto_field = "django.db.models.BigAutoField"
