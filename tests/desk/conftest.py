import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_user

SEED_TEXT = (Path(settings.BASE_DIR) / "fixtures" / "shuozhou-page-2022-11.txt").read_text(encoding="utf-8")


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def archivist(db):
    return make_user("Archivist", "archivist")


@pytest.fixture
def editor(db):
    return make_user("Editor", "editor")


@pytest.fixture
def reporter(db):
    return make_user("Reporter", "reporter")
