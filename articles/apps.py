from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import (
            admin_links,
            fragments,
            group_labels,
            page_cache,
            revisions,
            roles,
            tag_edit_queue,  # noqa: F401  (its Celery task, for the workers)
            tag_slugs,
        )
        from articles.search import signals

        group_labels.show_groups_by_label()

        signals.connect()
        revisions.register()
        page_cache.connect()
        tag_slugs.connect()
        fragments.connect()
        post_migrate.connect(roles.sync_groups, sender=self)
        admin_links.install()
