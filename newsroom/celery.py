"""The Celery application: `celery -A newsroom worker` runs the import desk's jobs.

Configured from Django's settings (the CELERY_* names in newsroom/settings.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["imports"])
