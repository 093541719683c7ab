"""Tag slugs that are never empty.

django-taggit keeps a tag's name as its slug (抗疫一线), which is empty for a
name of punctuation only (a tag typed as ``\\``); an empty slug has no URL, so
every page linking the tag failed. Such a tag gets its name in pinyin, or
``tag``, made unique like other slugs.
"""

from articles.slugs import unique_slug

FALLBACK = "tag"


def slug_for(tags, name: str, exclude_pk=None) -> str:
    """A non-empty slug for a tag called ``name`` not used in ``tags``."""
    return unique_slug(tags, name, FALLBACK, 100, exclude_pk)


def fill_empty_slug(sender, instance, raw=False, **kwargs):
    """pre_save of taggit's Tag: runs after taggit has tried its own slug."""
    if not instance.slug:
        instance.slug = slug_for(sender._default_manager, instance.name, instance.pk)


def connect():
    from django.db.models.signals import pre_save
    from taggit.models import Tag

    pre_save.connect(fill_empty_slug, sender=Tag, dispatch_uid="articles.tag_slugs")
