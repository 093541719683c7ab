"""Web workers load jieba's dictionary when they start, not on a reader's first search."""

import os
import subprocess
import sys

from django.conf import settings


def test_importing_the_wsgi_application_loads_jieba():
    code = "import jieba, newsroom.wsgi; print(jieba.dt.initialized)"
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"
