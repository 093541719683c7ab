"""The given-name list (jieba's nr words, ~47,000) and OpenCC's t2s converter are read when a web worker starts,
as jieba's dictionary is."""

import os
import subprocess
import sys

from django.conf import settings


def test_importing_the_wsgi_application_reads_the_given_name_list():
    # Otherwise the first story an editor saves in each worker (it is indexed
    # in the request) waits while dict.txt is read again and filtered.
    code = (
        "import newsroom.wsgi; from articles.search import tokens; "
        "print(tokens._dictionary_names.cache_info().currsize, tokens._converter.cache_info().currsize)"
    )
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "1 1"
