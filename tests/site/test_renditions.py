"""Smaller versions of photos for srcset."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles import renditions
from tests.factories import jpeg_bytes, make_photo

pytestmark = pytest.mark.django_db


def test_renditions_are_made_for_widths_below_the_original():
    photo = make_photo()  # 800 x 500
    versions = renditions.renditions_for(photo)
    assert [(v.width, v.height) for v in versions] == [(320, 200), (640, 400), (800, 500)]
    with default_storage.open(renditions.rendition_name(photo.image.name, 320)) as fh:
        assert Image.open(fh).size == (320, 200)


def test_renditions_are_remembered_and_not_remade(django_capture_on_commit_callbacks, monkeypatch):
    photo = make_photo()
    renditions.renditions_for(photo)
    monkeypatch.setattr(renditions, "make_renditions", lambda *a, **k: pytest.fail("made again"))
    assert len(renditions.renditions_for(photo)) == 3


def test_photo_without_image_has_no_renditions():
    assert renditions.renditions_for(make_photo(image=False)) == []


def test_a_small_original_is_used_as_is():
    photo = make_photo(image=False)
    photo.image.save("small.jpg", ContentFile(jpeg_bytes(200, 100)), save=True)
    assert [(v.width, v.url) for v in renditions.renditions_for(photo)] == [(200, photo.image.url)]


def test_a_broken_image_falls_back_to_the_original(caplog):
    photo = make_photo()
    with default_storage.open(photo.image.name, "wb") as fh:
        fh.write(b"not a jpeg")
    versions = renditions.renditions_for(photo)
    assert [v.url for v in versions] == [photo.image.url]
