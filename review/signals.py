"""After every save of a story: an edit after a pass sends it back a stage,
and its proofreading results follow its text (its photos' captions and
credits included).

A story's bylines, photos, tags and mentions are part of what a review
covers (review.content): saving or deleting one (a tag's row on the story,
which taggit's ``add``, ``remove``, ``set`` and ``clear`` write and delete
one by one; a mention added, confirmed, linked, retitled or rejected) is an
edit of its story (one that leaves what readers see as it was changes no
fingerprint, and is no edit). The admin's change form, a revision restore
and an import write several of them in a row (an import deletes a story's
bylines and writes them again):
inside ``one_edit(user)`` the stories they belong to are noted once, as
``user``'s edit, when the block ends, so a story only passes through a
state that differs from the one it ends in is not sent back for it.

A person's name is printed in the bylines of their stories and in the
people of the stories naming them: renaming them is an edit of each of
those stories, as merging them into a person of another name is. A tag's name is printed on each story carrying it:
renaming the tag is an edit of each of them.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_save

# The ids of the stories whose bylines, photos, tags or mentions changed inside one_edit(), or None outside it.
_changed: ContextVar[set | None] = ContextVar("review_changed_parts", default=None)
# Inside one_edit(): the correction event recorded for each live story so far, by story id.
_corrections: ContextVar[dict | None] = ContextVar("review_corrections", default=None)
# Inside one_edit(): whether readers could see each story saved in it before its first save there, by story id.
_public_before: ContextVar[dict | None] = ContextVar("review_public_before", default=None)


def article_saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    from django.db import router

    # Fixtures load raw; a write to another database than the primary (a
    # test's replica) has no review of its own.
    if raw or using != router.db_for_write(sender, instance=instance):
        return
    from review import proofing, steps

    public_before = instance.public_before_save
    before = _public_before.get()
    if before is not None:
        public_before = before.setdefault(instance.pk, public_before)
    steps.note_edit(instance, instance.updated_by, public_before)
    if instance.public_before_save and not instance.is_public:
        # Judged on this save alone: readers saw the story until it.
        steps.take_down(instance, instance.updated_by)
    if instance.status == instance.Status.REVIEW:
        steps.enter_chain(instance, instance.updated_by)
    proofing.refresh_after_save(instance.pk, using, instance)


def _story_id(part):
    """The story a byline, photo or tag's row belongs to."""
    from articles.models import TaggedArticle

    return part.content_object_id if isinstance(part, TaggedArticle) else part.article_id


def part_changed(sender, instance, raw=False, using=None, origin=None, **kwargs):
    """A byline, photo, tag's row or mention on a story was saved or deleted
    (a tag deleted takes its rows on stories with it: an edit of each)."""
    from django.db import router

    from articles.models import Article, Photo
    from review import proofing

    if raw or using != router.db_for_write(sender, instance=instance):
        return
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        # Deleted with its story: there is nothing left to review.
        return
    article_id = _story_id(instance)
    if sender is Photo:
        # Its caption and credit are proofread with the story's text.
        proofing.refresh_after_save(article_id, using)
    changed = _changed.get()
    if changed is not None:
        changed.add(article_id)
        return
    # Outside one_edit nobody said who edited: judged as no reviewer's edit.
    _note_all({article_id}, None, using)


@contextmanager
def one_edit(user):
    """Changes made inside to stories' bylines, photos, tags and mentions are noted once a
    story, as ``user``'s edit, when the block ends without an error. Nested,
    the outermost block notes them."""
    from django.db import router

    from articles.models import Article

    if _changed.get() is not None:
        yield
        return
    changed: set[int] = set()
    token = _changed.set(changed)
    corrections_token = _corrections.set({})
    public_before_token = _public_before.set({})
    try:
        try:
            yield
        finally:
            _changed.reset(token)
        _note_all(changed, user, router.db_for_write(Article))
    finally:
        _corrections.reset(corrections_token)
        _public_before.reset(public_before_token)


def correction_of_this_edit(article_id):
    """The correction event already recorded for this story inside the
    enclosing one_edit(), or None."""
    corrections = _corrections.get()
    return None if corrections is None else corrections.get(article_id)


def correction_recorded(article_id, event) -> None:
    corrections = _corrections.get()
    if corrections is not None:
        corrections.setdefault(article_id, event)


def _note_all(article_ids, user, using) -> None:
    from articles.models import Article
    from review import steps
    from review.models import Review

    # Only a story under review has passes to void: the stories with a review
    # read at once, and noted together (a tag renamed on thousands of them).
    reviewed = Review.objects.using(using).filter(article_id__in=article_ids).values("article_id")
    # A row saved earlier in this edit (its time brought forward, say): what
    # readers saw is what they saw before that save.
    steps.note_edits(Article.objects.using(using).filter(pk__in=reviewed).order_by("pk"), user, _public_before.get())


def parts_changed(article_ids) -> None:
    """Bylines, photos or tags of these stories were written without signals
    (``bulk_create``): noted as any other change of them."""
    from django.db import router

    from articles.models import Article

    changed = _changed.get()
    if changed is not None:
        changed.update(article_ids)
        return
    _note_all(set(article_ids), None, router.db_for_write(Article))


def name_saving(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """Remembers the name a person or a tag had before this save."""
    if raw or instance.pk is None or (update_fields is not None and "name" not in update_fields):
        return
    instance._name_before_save = (
        sender._base_manager.using(using).filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def _renamed(instance, raw, using, *rows) -> None:
    """After a save of a person or a tag: when its name changed, each story
    whose ``rows`` (its bylines and mentions, its tag's rows: querysets of
    story ids) name it prints another."""
    from django.db import router

    before = instance.__dict__.pop("_name_before_save", None)
    if raw or before is None or before == instance.name or using != router.db_for_write(rows[0].model):
        return
    article_ids = {article_id for queryset in rows for article_id in queryset.using(using)}
    changed = _changed.get()
    if changed is not None:
        changed.update(article_ids)
        return
    # Outside one_edit nobody said who renamed it: judged as no reviewer's edit.
    _note_all(article_ids, None, using)


def person_saved(sender, instance, raw=False, using=None, **kwargs):
    """A person renamed: the bylines of their stories, and the people of the
    stories naming them, print another name."""
    from articles.models import Byline
    from people.models import Mention

    _renamed(
        instance,
        raw,
        using,
        Byline.objects.filter(person_id=instance.pk).values_list("article_id", flat=True),
        Mention.objects.filter(person_id=instance.pk).values_list("article_id", flat=True),
    )


def tag_saved(sender, instance, raw=False, using=None, **kwargs):
    """A tag renamed: each story carrying it shows another name."""
    from articles.models import TaggedArticle

    _renamed(
        instance,
        raw,
        using,
        TaggedArticle.objects.filter(tag_id=instance.pk).values_list("content_object_id", flat=True),
    )


def connect():
    from taggit.models import Tag

    from articles.models import Article, Byline, Photo, TaggedArticle
    from people.models import Mention, Person

    pre_save.connect(name_saving, sender=Person, dispatch_uid="review.person_saving")
    post_save.connect(person_saved, sender=Person, dispatch_uid="review.person_saved")
    pre_save.connect(name_saving, sender=Tag, dispatch_uid="review.tag_saving")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="review.tag_saved")

    post_save.connect(article_saved, sender=Article, dispatch_uid="review.article_saved")
    for model in (Byline, Photo, TaggedArticle, Mention):
        name = model.__name__
        post_save.connect(part_changed, sender=model, dispatch_uid=f"review.{name}_saved")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"review.{name}_deleted")
