from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review (三审三校)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from review import groups, signals

        signals.connect()
        post_migrate.connect(groups.ensure_default_chain, sender=self)
