"""The version of what renders readers' fragments: the project's templates,
its Python and its translations, as one hash computed once per process.

Cached pages and fragments (cards, the lead, navigation, page shells) are
keyed by it, so a deploy that changes how a card looks misses every card
rendered by the previous one instead of serving old HTML until each story's
row changes.  Python counts as well as templates because views and card
builders decide what a template is given (and may build markup themselves);
any code change starting a cold cache costs one render per page, a missed one
serves old HTML for a day.  So do the few settings that change what a page
shows without a file changing (the site's name and address, the confidence
from which a mention found by the extractor is public): a deploy that only
sets one of them in the environment must not serve what the old value
rendered, a person the editors stopped showing above all.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.utils.autoreload import file_changed

# Settings read from the environment that decide readers' HTML.
RENDERING_SETTINGS = ("SITE_NAME", "SITE_URL", "PEOPLE_PUBLIC_MIN_CONFIDENCE")


def files_digest(root: Path, paths: Iterable[Path], values: dict[str, object] | None = None) -> str:
    """A short hash of the files' names (relative to ``root``) and contents,
    and of ``values`` (settings by name), in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for name, value in sorted((values or {}).items()):
        digest.update(f"{name}={value!r}".encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


# Python under these folders never runs while a reader's page renders.
NOT_RENDERING = frozenset({"migrations", "management", "tests", "__pycache__"})


def python_files(packages: Iterable[Path]) -> list[Path]:
    """Every module of the given packages (the project's apps and its settings
    package), without migrations and management commands."""
    files = []
    for package in packages:
        for directory, subdirectories, names in os.walk(package):
            subdirectories[:] = [name for name in subdirectories if name not in NOT_RENDERING]
            files.extend(Path(directory, name) for name in names if name.endswith(".py"))
    return files


def rendering_files(
    root: Path, template_dirs: Iterable[Path], locale_dirs: Iterable[Path], packages: Iterable[Path] = ()
) -> list[Path]:
    """The project's files under ``root`` that decide a page's HTML: every
    template, every module of its packages (template tags, views, card
    builders) and every compiled translation."""
    files = [path for directory in map(Path, template_dirs) for path in directory.rglob("*") if path.is_file()]
    files.extend(python_files(packages))
    files.extend(path for directory in map(Path, locale_dirs) for path in directory.rglob("*.mo"))
    # Django's own templates (the admin's) change only with Django, and show on no reader's page.
    return [path for path in files if path.is_relative_to(root)]


def project_rendering_files() -> list[Path]:
    """The files deciding this project's pages: its templates, translations
    and the Python of its own packages (its apps and its settings package).
    Django's and the libraries' templates and code change only with their
    versions."""
    from django.apps import apps
    from django.conf import settings
    from django.template import engines

    root = Path(settings.BASE_DIR)
    # A virtualenv inside the project holds the libraries' templates (the admin's).
    libraries = Path(sys.prefix)
    template_dirs = [
        directory
        for engine in engines.all()
        for directory in map(Path, engine.template_dirs)
        if not directory.is_relative_to(libraries)
    ]
    names = {config.name.partition(".")[0] for config in apps.get_app_configs()}
    names.add(settings.ROOT_URLCONF.partition(".")[0])
    packages = [root / name for name in sorted(names) if (root / name / "__init__.py").is_file()]
    return rendering_files(root, template_dirs, settings.LOCALE_PATHS, packages)


@cache
def template_version() -> str:
    from django.conf import settings

    values = {name: getattr(settings, name, None) for name in RENDERING_SETTINGS}
    return files_digest(Path(settings.BASE_DIR), project_rendering_files(), values)


def _file_changed(sender, file_path, **kwargs):
    # The development server keeps running when a template changes (Django
    # resets its template loaders instead): the next fragment asks afresh.
    template_version.cache_clear()


file_changed.connect(_file_changed, dispatch_uid="template_version_file_changed")
