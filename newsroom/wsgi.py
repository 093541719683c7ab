"""WSGI entry point for gunicorn: ``gunicorn newsroom.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# jieba's dictionary takes 1–2 s to load; loaded here, each worker (or, with
# --preload, the master before it forks) has it before its first request, so
# no reader's first search waits for it. Tests and commands never import this.
from articles.chinese import jieba_tokenizer  # noqa: E402

jieba_tokenizer()
