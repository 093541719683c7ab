"""The version of what renders readers' fragments: the project's templates,
its template tags and its translations, as one hash computed once per process.

Cached pages and fragments (cards, the lead, navigation, page shells) are
keyed by it, so a deploy that changes how a card looks misses every card
rendered by the previous one instead of serving old HTML until each story's
row changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.utils.autoreload import file_changed


def files_digest(root: Path, paths: Iterable[Path]) -> str:
    """A short hash of the files' names (relative to ``root``) and contents, in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def rendering_files(root: Path, template_dirs: Iterable[Path], locale_dirs: Iterable[Path]) -> list[Path]:
    """The project's files under ``root`` that decide a page's HTML: every
    template, every template tag module and every compiled translation."""
    files = [path for directory in map(Path, template_dirs) for path in directory.rglob("*") if path.is_file()]
    files.extend(root.glob("*/templatetags/*.py"))
    files.extend(path for directory in map(Path, locale_dirs) for path in directory.rglob("*.mo"))
    # Django's own templates (the admin's) change only with Django, and show on no reader's page.
    return [path for path in files if path.is_relative_to(root)]


@cache
def template_version() -> str:
    from django.conf import settings
    from django.template import engines

    root = Path(settings.BASE_DIR)
    template_dirs = [directory for engine in engines.all() for directory in engine.template_dirs]
    return files_digest(root, rendering_files(root, template_dirs, settings.LOCALE_PATHS))


def _file_changed(sender, file_path, **kwargs):
    # The development server keeps running when a template changes (Django
    # resets its template loaders instead): the next fragment asks afresh.
    template_version.cache_clear()


file_changed.connect(_file_changed, dispatch_uid="template_version_file_changed")
