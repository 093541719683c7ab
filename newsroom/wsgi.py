"""WSGI entry point for gunicorn: ``gunicorn newsroom.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# jieba's dictionary and the given-name list drawn from it take seconds to
# read, OpenCC's Traditional-to-Simplified tables milliseconds; read here,
# each worker (or, with --preload, the master before it forks) has them
# before its first request, so no reader's first search and no editor's
# first save waits for them. Tests and commands never import this.
from articles.search.tokens import load_dictionaries  # noqa: E402

load_dictionaries()
