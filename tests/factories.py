"""Small factory functions for test data, shared by every test package.

Each ``make_*`` takes the model's fields as keyword arguments and fills in
the rest with plain defaults; ``make_article()`` is a published story whose
publish time has passed.
"""

import itertools
from datetime import date, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication
from people.models import Mention, Person

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_department(**kw):
    n = _n()
    kw.setdefault("name", f"栏目{n}")
    kw.setdefault("order", n)
    return Department.objects.create(**kw)


def make_person(**kw):
    kw.setdefault("name", f"张{_n()}")
    return Person.objects.create(**kw)


def make_article(**kw):
    """A published story (publish time one hour ago) unless told otherwise."""
    tags = kw.pop("tags", None)
    n = _n()
    kw.setdefault("headline", f"测试新闻标题{n}")
    kw.setdefault("body", f"<p>第{n}篇稿件的正文。</p>")
    kw.setdefault("status", Article.Status.PUBLISHED)
    if kw["status"] == Article.Status.PUBLISHED:
        kw.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**kw)
    if tags:
        article.tags.add(*tags)
    return article


def make_byline(article=None, person=None, **kw):
    article = article or make_article()
    if person is None and not kw.get("credit"):
        person = make_person()
    kw.setdefault("role", Byline.Role.REPORTER if person else Byline.Role.CREDIT)
    kw.setdefault("position", article.bylines.count())
    return Byline.objects.create(article=article, person=person, **kw)


def make_mention(article=None, person=None, **kw):
    """A mention an editor confirmed (readers see only those, unless settings say otherwise)."""
    kw.setdefault("confirmed", True)
    return Mention.objects.create(article=article or make_article(), person=person or make_person(), **kw)


def make_publication(**kw):
    kw.setdefault("name", f"朔州日报{_n()}")
    return Publication.objects.create(**kw)


def make_edition(**kw):
    kw.setdefault("publication", Publication.objects.first() or make_publication(name="朔州日报"))
    kw.setdefault("date", date(2022, 11, 21))
    return Edition.objects.create(**kw)


def make_print_page(edition=None, **kw):
    edition = edition or make_edition()
    kw.setdefault("number", edition.pages.count() + 1)
    return PrintPage.objects.create(edition=edition, **kw)


def jpeg_bytes(width=800, height=500, color=(120, 40, 40)):
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


def make_photo(article=None, image=True, **kw):
    """A photo with a small generated JPEG, or caption only with image=False."""
    article = article or make_article()
    kw.setdefault("caption", f"图片说明{_n()}")
    kw.setdefault("position", article.photos.count())
    photo = Photo(article=article, **kw)
    if image:
        photo.image.save(f"test-{_n()}.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.save()
    return photo


def make_user(group, username, password="correct horse battery"):
    """A staff user in the newsroom group ``group`` (Editor or Reporter)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_off(article):
    """Record that the review chain signed ``article`` off as it stands, for
    tests about what happens after (publishing, search, caches); the chain's
    own steps are tested in tests/review/."""
    from review import content
    from review.models import Chain, Review

    Review.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "chain": Chain.objects.get(department__isnull=True),
            "stage": None,
            "state": Review.State.SIGNED_OFF,
            "fingerprint": content.fingerprint(content.snapshot(article)),
        },
    )
    return article
