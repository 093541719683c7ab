"""An animated upload's frames count towards the decompression-bomb limit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import MAX_PIXELS, validate_image_file


def _animated_gif(side: int, frames: int) -> bytes:
    # Alternate colours so that Pillow keeps every frame instead of merging repeats.
    images = [Image.new("P", (side, side), color=i % 2) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=40)
    return out.getvalue()


@pytest.mark.xfail(
    strict=True,
    reason="only the first frame's size is checked; cleaned_upload() then decodes and copies every "
    "frame of a GIF, so a small file of many large frames takes frames x pixels of memory",
)
def test_a_gif_whose_frames_decode_past_the_pixel_limit_is_refused():
    side, frames = 2000, MAX_PIXELS // (2000 * 2000) + 2  # each frame 4 megapixels, together past the limit
    data = _animated_gif(side, frames)
    assert len(data) < 1024 * 1024  # a small upload
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == frames

    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("animated.gif", data, content_type="image/gif"))
