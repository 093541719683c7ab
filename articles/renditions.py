"""Smaller versions of a photo for the web (``srcset``), made with Pillow.

A rendition is a JPEG ``renditions/<image path without extension>-<width>w.jpg``
in the photo's storage, one for each width in ``WIDTHS`` narrower than the
original. Names follow from the original's name, so a page can list them
without a database query; they are made the first time a page needs them and
remembered in the cache, so later requests neither re-encode nor ask the
storage whether they exist.
"""

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from caching.generation import disposable_writes

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
JPEG_QUALITY = 82
_CACHE_PREFIX = "rendition:v1:"
_CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def rendition_name(image_name: str, width: int) -> str:
    stem = PurePosixPath(image_name).with_suffix("")
    return f"renditions/{stem}-{width}w.jpg"


def _target_widths(original_width):
    return [w for w in WIDTHS if original_width and w < original_width]


def _scaled_height(width, original_width, original_height):
    return max(1, round(original_height * width / original_width)) if original_width and original_height else 0


def make_renditions(image_field, widths=None):
    """Write the missing renditions of ``image_field`` to its storage and
    return the widths that exist afterwards. A broken or unreadable image
    yields no renditions (the page then uses the original alone)."""
    storage = image_field.storage
    widths = widths if widths is not None else _target_widths(image_field.width)
    missing = [w for w in widths if not storage.exists(rendition_name(image_field.name, w))]
    if missing:
        try:
            with storage.open(image_field.name, "rb") as fh:
                original = ImageOps.exif_transpose(Image.open(fh))
                original.load()
        except (OSError, UnidentifiedImageError, ValueError):
            logger.warning("Cannot read %s to make renditions", image_field.name, exc_info=True)
            return []
        if original.mode not in ("RGB", "L"):
            original = original.convert("RGB")
        for width in missing:
            copy = original.copy()
            copy.thumbnail((width, 100_000), Image.Resampling.LANCZOS)
            out = BytesIO()
            copy.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            storage.save(rendition_name(image_field.name, width), ContentFile(out.getvalue()))
    return widths


def renditions_for(photo):
    """The renditions of ``photo`` (smallest first), made if need be; the
    original comes last. Empty when the photo has no image."""
    image = photo.image
    if not image:
        return []
    width, height = photo.width or 0, photo.height or 0
    if not width:
        # Rows saved without their dimensions (e.g. loaded from a fixture):
        # read them from the file once.
        try:
            width, height = image.width or 0, image.height or 0
        except (OSError, ValueError):
            width, height = 0, 0
    key = _CACHE_PREFIX + image.name
    widths = cache.get(key)
    if widths is None:
        widths = make_renditions(image, _target_widths(width))
        with disposable_writes():
            cache.set(key, widths, _CACHE_SECONDS)
    storage = image.storage
    result = [
        Rendition(storage.url(rendition_name(image.name, w)), w, _scaled_height(w, width, height)) for w in widths
    ]
    result.append(Rendition(image.url, width, height))
    return result
