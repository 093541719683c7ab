"""Checking and cleaning uploaded photos.

An upload is trusted for nothing its name says: Pillow must open and verify
it as one of the formats a newspaper site serves, its size and pixel count
must be sane (a small file can decode to gigabytes: a decompression bomb),
and what is stored is re-encoded from the pixels, so EXIF data (GPS position,
camera serial numbers) never reaches the public site.

An animation decodes every frame into a picture of its own (a GIF's frames
into the whole canvas, which a frame may enlarge): its frames together are
held to the pixel limit of one photo, and their number to MAX_FRAMES, before
the frame that would pass either is decoded.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence

from articles.slugs import pinyin_slug

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel camera; anything larger is refused unread
# A news animation is a short loop (a chart building up, a few seconds of a
# scene): 500 frames is 20 seconds at 25 frames a second, and longer belongs
# in a video. The pixel limit does not bound tiny frames, and each frame costs
# decoding, re-encoding and an image object whatever its size (about 0.1 ms
# and a kilobyte for a 2x2 frame: a 20 MB file holds half a million of them).
MAX_FRAMES = 500
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}


def _refuse_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("The image is %(w)d×%(h)d pixels; the limit is %(limit)d megapixels."),
        code="image_pixels",
        params={"w": width, "h": height, "limit": MAX_PIXELS // 1_000_000},
    )


def _check_frames(image: Image.Image) -> None:
    """Refuse ``image`` (freshly opened) when a frame is past the pixel limit,
    its frames together are, or it has more than MAX_FRAMES. Seeking a frame
    reads its header, and decodes the frame before it at most (GIF, APNG), so
    nothing past either limit is decoded. Leaves ``image`` at its last frame."""
    total = 0
    for index in itertools.count():
        try:
            image.seek(index)
        except EOFError:
            return
        if index == MAX_FRAMES:
            raise ValidationError(
                _("The animation has more than %(limit)d frames; shorten it, or publish it as a video."),
                code="image_frames",
                params={"limit": MAX_FRAMES},
            )
        width, height = image.size  # a GIF's canvas as this frame leaves it
        if width * height > MAX_PIXELS:
            raise _refuse_pixels(width, height)
        total += width * height
        if total > MAX_PIXELS:
            raise ValidationError(
                _(
                    "The animation's frames (%(w)d×%(h)d pixels each) come to more than %(limit)d megapixels "
                    "together; use fewer or smaller frames."
                ),
                code="image_animation_pixels",
                params={"w": width, "h": height, "limit": MAX_PIXELS // 1_000_000},
            )


def _open_checked(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow warns between MAX_IMAGE_PIXELS and twice that; make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise ValidationError(
                    _("%(format)s images are not accepted; upload JPEG, PNG, WebP or GIF."),
                    code="image_format",
                    params={"format": probe.format or "?"},
                )
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse_pixels(width, height)
            probe.verify()
            image = Image.open(io.BytesIO(data))
            _check_frames(image)
            image.seek(0)
            image.load()
            return image
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("The image is too large to open safely."), code="image_bomb") from None
        except Exception:
            # Pillow raises many kinds of errors for broken files; all mean the same to an editor.
            raise ValidationError(
                _("This file is not an image, or the image is damaged."), code="image_invalid"
            ) from None


def validate_image_file(uploaded) -> None:
    """Model-field validator: refuse anything that is not a sound, sane image."""
    if uploaded is None or getattr(uploaded, "_committed", False):
        # A file already stored was checked when it was uploaded; one that
        # does not say (an upload not yet bound to a field) is checked now.
        return
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)d MB; the limit is %(limit)d MB."),
            code="image_size",
            params={"size": uploaded.size // (1024 * 1024), "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    uploaded.seek(0)
    _open_checked(uploaded.read())
    uploaded.seek(0)


def normalized_name(original_name: str, data: bytes, image_format: str) -> str:
    """``<pinyin-of-name>-<hash>.<ext>``: typeable, unique per content, extension from the real format."""
    stem = pinyin_slug(PurePath(original_name).stem, max_length=60) or "photo"
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"{stem}-{digest}{FORMATS[image_format]}"


# What a frame keeps besides its pixels (and palette): how to draw it.
# Everything else Pillow read (comments, EXIF, XMP, ICC and text chunks)
# would be written back by its encoders.
_DRAWING_INFO = ("transparency", "duration", "disposal", "loop", "background")


def _pixels_only(frame: Image.Image) -> Image.Image:
    clean = frame.copy()
    clean.info = {key: frame.info[key] for key in _DRAWING_INFO if key in frame.info}
    return clean


def _cleaned_frames(image: Image.Image):
    """Each frame of an animation cleaned, one at a time: the encoder keeps
    its own reduced copy of each, and none is decoded before it needs it."""
    for frame in ImageSequence.Iterator(image):
        clean = _pixels_only(frame)
        # A frame that gives no time is shown for a tenth of a second.
        clean.info.setdefault("duration", 100)
        yield clean


def cleaned_upload(uploaded) -> ContentFile:
    """The upload re-encoded from its pixels: orientation applied, metadata
    (EXIF, GPS, comments, XMP, text chunks) dropped; an animation keeps its
    frames and their timing."""
    uploaded.seek(0)
    data = uploaded.read()
    image = _open_checked(data)
    image_format = image.format
    out = io.BytesIO()
    if image_format == "GIF" and getattr(image, "is_animated", False):
        frames = _cleaned_frames(image)
        loop = image.info.get("loop", 0)
        # Each frame's own duration; Pillow reads a GIF's frames whole (it
        # composes them), so none needs its predecessor disposed of.
        next(frames).save(out, format="GIF", save_all=True, append_images=frames, loop=loop, disposal=0)
    else:
        image = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options = {"quality": 90, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        _pixels_only(image).save(out, format=image_format, **options)
    cleaned = out.getvalue()
    return ContentFile(cleaned, name=normalized_name(uploaded.name, cleaned, image_format))
