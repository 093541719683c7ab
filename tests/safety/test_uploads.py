"""Uploads are verified by Pillow, bounded, stripped of EXIF and renamed; bad ones store nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles import images
from articles.images import MAX_PIXELS, normalized_name
from articles.models import Article, Photo

from .test_revisions import _form

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825


def _jpeg_with_gps(size=(64, 48)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # camera maker
    exif[GPS_IFD] = {1: "N", 2: (39.0, 20.0, 0.0), 3: "E", 4: (112.0, 26.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _post_photo(client, article, upload):
    data = _form(
        article,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-position": "1",
            "photos-0-caption": "核酸采样现场",
            "photos-0-credit": "王汉平",
            "photos-0-alt_text": "",
        },
    )
    data["photos-0-image"] = upload
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def test_a_good_photo_is_stored_renamed_and_without_exif(editor_client):
    article = Article.objects.create(headline="稿件")
    upload = SimpleUploadedFile("核酸 采样.JPG", _jpeg_with_gps(), content_type="image/jpeg")
    assert _post_photo(editor_client, article, upload).status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name.startswith("photos/") and "/he-suan-cai-yang-" in photo.image.name
    assert photo.image.name.endswith(".jpg")
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert GPS_IFD not in image.getexif() and 0x010F not in image.getexif()
    assert (photo.width, photo.height) == (64, 48)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.jpg", b"<?php echo 'not an image'; ?>", "not an image"),
        ("photo.png", _jpeg_with_gps()[:200], "not an image"),  # truncated
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not an image"),
    ],
)
def test_a_bad_upload_is_a_form_error_and_nothing_is_stored(editor_client, name, content, message):
    article = Article.objects.create(headline="稿件")
    response = _post_photo(editor_client, article, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode() or "不是图片" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_decompression_bomb_is_refused_unread(editor_client):
    side = int(MAX_PIXELS**0.5) + 100
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")  # a few KB that decode to 60+ megapixels
    article = Article.objects.create(headline="稿件")
    response = _post_photo(editor_client, article, SimpleUploadedFile("bomb.png", out.getvalue()))
    assert response.status_code == 200
    assert "百万像素" in response.content.decode()
    assert not Photo.objects.exists()


def test_names_are_pinyin_hash_and_the_real_format():
    assert normalized_name("../../etc/照片 1.PNG", b"x", "JPEG").startswith("zhao-pian-1-")
    assert normalized_name("a.png", b"x", "JPEG").endswith(".jpg")


def test_an_animation_past_the_frame_cap_is_a_form_error_and_the_story_is_left_as_it_was(editor_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_FRAMES", 3)
    frames = [Image.new("RGB", (4, 4), (200 * (i % 2), 0, 0)) for i in range(4)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=40)
    article = Article.objects.create(headline="稿件")
    data = _form(
        article,
        headline="改过的标题",
        **{"photos-TOTAL_FORMS": "1", "photos-0-position": "1", "photos-0-caption": "动图"},
    )
    data["photos-0-image"] = SimpleUploadedFile("long.gif", out.getvalue(), content_type="image/gif")
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "动图超过 3 帧" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "稿件" and not Photo.objects.exists()
