"""A bump's pending dues (a scheduled story's time) survive bumps racing it."""

import threading
import time

import pytest
from django.core.cache import cache

from articles.page_cache import dependencies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on(page_cache_backend):
    pass


def test_a_bump_between_another_bumps_read_and_write_keeps_its_due(monkeypatch):
    """Another bump (another process's, here a thread's) scheduling a story
    runs after this bump read list:all's dues and before it writes them."""
    due = time.time() + 3600
    scheduling = threading.Thread(target=dependencies._set_versions, args=(("list:all",), due))

    class Clock:
        """``time`` for the bump, racing at its new token (taken after its read, before its write)."""

        time = staticmethod(time.time)

        @staticmethod
        def time_ns():
            if scheduling.ident is None:
                scheduling.start()
                # Done unless it must wait for this bump's write (a lock held in this process).
                scheduling.join(timeout=1)
            return time.time_ns()

    monkeypatch.setattr(dependencies, "time", Clock)
    dependencies._set_versions(("list:all",), None)
    scheduling.join()
    _token, dues = cache.get(dependencies.version_key("list:all"))
    assert due in dues
