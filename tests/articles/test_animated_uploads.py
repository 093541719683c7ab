"""An animated upload's frames count towards the decompression-bomb limit."""

import gc
import io
import weakref

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, features

from articles import images
from articles.images import FORMATS, MAX_PIXELS, cleaned_upload, validate_image_file


def _animated_gif(side: int, frames: int) -> bytes:
    # Alternate colours so that Pillow keeps every frame instead of merging repeats.
    images = [Image.new("P", (side, side), color=i % 2) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=40)
    return out.getvalue()


def _animation(fmt: str, side: int, frames: int) -> bytes:
    pictures = [Image.new("RGB", (side, side), (200 * (i % 2), 40, 40)) for i in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, format=fmt, save_all=True, append_images=pictures[1:], duration=40)
    return out.getvalue()


def test_a_gif_whose_frames_decode_past_the_pixel_limit_is_refused():
    side, frames = 2000, MAX_PIXELS // (2000 * 2000) + 2  # each frame 4 megapixels, together past the limit
    data = _animated_gif(side, frames)
    assert len(data) < 1024 * 1024  # a small upload
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == frames

    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("animated.gif", data, content_type="image/gif"))


def _validate(data: bytes, name: str) -> None:
    validate_image_file(SimpleUploadedFile(name, data))


def _refused_code(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as refused:
        _validate(data, name)
    return refused.value.code


def _gif_sized(data: bytes, at: int, width: int, height: int) -> bytes:
    """``data`` with the two 16-bit sizes at ``at`` rewritten (the frames' pixels stay few)."""
    return data[:at] + width.to_bytes(2, "little") + height.to_bytes(2, "little") + data[at + 4 :]


@pytest.mark.parametrize("side, code", [(8000, "image_pixels"), (20000, "image_bomb")])
def test_a_single_frame_past_the_limit_is_still_refused_unread(side, code):
    # The logical screen's size says 64 (or 400) megapixels; the file is a few bytes of one colour.
    assert _refused_code(_gif_sized(_animation("GIF", 8, 1), 6, side, side), "bomb.gif") == code


def test_a_later_frame_that_enlarges_the_canvas_past_the_limit_is_refused_before_it_is_decoded():
    data = _animation("GIF", 8, 2)
    second = data.index(b"\x21\xf9\x04", data.index(b"\x21\xf9\x04") + 1) + 8  # its image descriptor
    assert data[second : second + 1] == b","
    # 9000 x 9000: under Pillow's own bomb warning, over the paper's limit; Pillow grows the canvas to it.
    data = data[: second + 1] + bytes(4) + _gif_sized(data, second + 5, 9000, 9000)[second + 5 :]
    assert _refused_code(data, "grows.gif") == "image_pixels"


def test_the_number_of_frames_is_capped_whatever_their_size(monkeypatch):
    monkeypatch.setattr(images, "MAX_FRAMES", 5)
    _validate(_animation("GIF", 2, 5), "five.gif")
    assert _refused_code(_animation("GIF", 2, 6), "six.gif") == "image_frames"


def test_the_real_cap_lets_a_long_loop_of_small_frames_through():
    _validate(_animation("GIF", 4, images.MAX_FRAMES), "loop.gif")
    assert _refused_code(_animation("GIF", 4, images.MAX_FRAMES + 1), "long.gif") == "image_frames"


@pytest.mark.parametrize("fmt, name", [("PNG", "anim.png"), ("WEBP", "anim.webp")])
def test_apng_and_animated_webp_frames_count_towards_the_limit_too(monkeypatch, fmt, name):
    if fmt == "WEBP" and not features.check("webp"):
        pytest.skip("Pillow built without WebP")
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)  # small files, the same arithmetic
    within, past = _animation(fmt, 50, 4), _animation(fmt, 50, 5)  # 10,000 and 12,500 pixels together
    with Image.open(io.BytesIO(past)) as image:
        assert image.format == fmt and image.n_frames == 5
    _validate(within, name)
    assert cleaned_upload(SimpleUploadedFile(name, within)).name.endswith(FORMATS[fmt])
    assert _refused_code(past, name) == "image_animation_pixels"


def test_a_refused_animation_is_told_in_chinese(monkeypatch):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _validate(_animated_gif(2000, 16), "big.gif")
    assert "百万像素" in refused.value.messages[0] and "2000×2000" in refused.value.messages[0]
    monkeypatch.setattr(images, "MAX_FRAMES", 3)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _validate(_animation("GIF", 2, 4), "long.gif")
    assert refused.value.messages == ["动图超过 3 帧；请剪短，或改作视频发布。"]


def test_an_animation_is_cleaned_a_frame_at_a_time(monkeypatch):
    made, counts = [], []
    clean = images._pixels_only

    def counted(frame):
        gc.collect()
        counts.append(sum(ref() is not None for ref in made))  # cleaned frames still held as the next is made
        copy = clean(frame)
        made.append(weakref.ref(copy))
        return copy

    monkeypatch.setattr(images, "_pixels_only", counted)
    stored = cleaned_upload(SimpleUploadedFile("anim.gif", _animation("GIF", 40, 20)))
    with Image.open(stored) as image:
        assert image.n_frames == 20
    # The first (the one saved) and the one before: not all twenty at once.
    assert len(counts) == 20 and max(counts) <= 2
