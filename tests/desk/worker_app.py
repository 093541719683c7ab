"""The Celery app for tests/desk/test_worker.py's workers: the project's own,
plus a hook that holds one page's save open so a test can kill the worker
in the middle of it. Nothing here is loaded outside those tests."""

import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db.models.signals import post_save  # noqa: E402

from articles.models import Article  # noqa: E402
from newsroom.celery import app  # noqa: E402,F401

HOLD = os.environ.get("DESK_TEST_HOLD")  # "<marker file>:<page number>:<position>"
# As HOLD, but the save goes on once the test removes the marker (a pause, not a death).
PAUSE = os.environ.get("DESK_TEST_PAUSE")


def _hold(sender, instance, **kwargs):
    marker, page, position = HOLD.rsplit(":", 2)
    marker = Path(marker)
    if marker.exists() or instance.print_position != int(position) or instance.print_page.number != int(page):
        return
    # Inside the page's transaction, with some of its stories written: the
    # test sees the marker, checks nothing of the page is visible, and kills us.
    marker.write_text(str(os.getpid()))
    time.sleep(120)


def _pause(sender, instance, **kwargs):
    marker, page, position = PAUSE.rsplit(":", 2)
    marker, done = Path(marker), Path(marker + ".done")
    if done.exists() or instance.print_position != int(position) or instance.print_page.number != int(page):
        return
    done.touch()
    marker.write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


if HOLD:
    post_save.connect(_hold, sender=Article, weak=False)
if PAUSE:
    post_save.connect(_pause, sender=Article, weak=False)
