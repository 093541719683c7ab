"""Run the side effects of stories whose publish time has come.

Readers see a scheduled story at its publish time whether or not this runs
(visibility is decided at query time). Run it every minute from cron or a
systemd timer so that caches and feeds follow within a minute:

    * * * * *  cd /srv/newsroom && .venv/bin/python manage.py publish_due
"""

from django.core.management.base import BaseCommand
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article
from articles.signals import article_went_live


class Command(BaseCommand):
    help = "Send article_went_live for published stories whose publish time has passed and mark them announced."

    def handle(self, *args, **options):
        now = timezone.now()
        due = Article.objects.published(now=now).filter(
            Q(announced_at__isnull=True) | Q(announced_at__lt=F("publish_at"))
        )
        announced = 0
        for article in due.order_by("publish_at"):
            article_went_live.send(sender=Article, article=article)
            # update(), not save(): announcing is not an edit (no new version or revision).
            Article.objects.filter(pk=article.pk).update(announced_at=now)
            announced += 1
        self.stdout.write(f"announced {announced}")
