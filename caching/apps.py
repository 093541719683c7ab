from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Cache generations"
    default_auto_field = "django.db.models.BigAutoField"
