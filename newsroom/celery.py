"""The Celery application: `celery -A newsroom worker` runs the import desk's jobs.

Configured from Django's settings (the CELERY_* names in newsroom/settings.py).
"""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["imports"])


@worker_process_init.connect
def _load_dictionaries(**kwargs):
    # Import jobs index the stories they file; each worker process reads the
    # dictionaries once at start rather than during its first job.
    from articles.search.tokens import load_dictionaries

    load_dictionaries()
