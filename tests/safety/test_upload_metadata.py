"""Re-encoding an upload keeps its pixels and nothing else: no comments,
text chunks or XMP reach the stored file (real files written by Pillow)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageSequence, ImageStat, PngImagePlugin

from articles.images import cleaned_upload

SECRET = "GPS 39.9042N 116.4074E home of source"


def _clean(data, name):
    stored = cleaned_upload(SimpleUploadedFile(name, data)).read()
    assert SECRET.encode() not in stored
    return Image.open(io.BytesIO(stored))


def _saved(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    data = out.getvalue()
    assert SECRET.encode() in data  # the test file really carries it
    return data


def _picture():
    """A smooth gradient: what JPEG keeps nearly exactly."""
    return Image.linear_gradient("L").resize((40, 30)).convert("RGB")


def test_a_jpeg_comment_is_dropped_and_the_picture_kept():
    original = _picture()
    cleaned = _clean(_saved(original, "JPEG", comment=SECRET, quality=95), "photo.jpg")
    assert "comment" not in cleaned.info and cleaned.format == "JPEG"
    difference = ImageStat.Stat(ImageChops.difference(original, cleaned.convert("RGB"))).mean
    assert cleaned.size == original.size and max(difference) < 4


def test_png_text_chunks_are_dropped_and_pixels_kept_exactly():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("XML:com.adobe.xmp", SECRET)
    original = _picture()
    cleaned = _clean(_saved(original, "PNG", pnginfo=info), "photo.png")
    assert not {"Comment", "XML:com.adobe.xmp"} & set(cleaned.info)
    assert ImageChops.difference(original, cleaned.convert("RGB")).getbbox() is None


def test_a_still_gif_comment_is_dropped():
    original = _picture().convert("P")
    cleaned = _clean(_saved(original, "GIF", comment=SECRET), "photo.gif")
    assert "comment" not in cleaned.info
    assert ImageChops.difference(original.convert("RGB"), cleaned.convert("RGB")).getbbox() is None


def test_an_animated_gif_keeps_its_frames_and_timing_but_not_its_comment():
    frames = [Image.new("RGB", (20, 20), color) for color in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    data = _saved(
        frames[0], "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0, comment=SECRET
    )
    cleaned = _clean(data, "anim.gif")
    assert cleaned.is_animated and cleaned.n_frames == 3
    durations = [frame.info.get("duration") for frame in ImageSequence.Iterator(cleaned)]
    assert durations == [100, 200, 300]
    assert all("comment" not in frame.info for frame in ImageSequence.Iterator(cleaned))


@pytest.mark.skipif("WEBP" not in Image.SAVE, reason="Pillow built without WebP")
def test_webp_xmp_is_dropped():
    cleaned = _clean(_saved(_picture(), "WEBP", xmp=SECRET.encode()), "photo.webp")
    assert "xmp" not in cleaned.info
