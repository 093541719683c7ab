"""Keep the search index in step with stories, bylines, mentions and tags.

Handlers only note which articles changed; the entries are rebuilt once per
transaction, after it commits (``transaction.on_commit``), by a single
``index_articles()`` call. So an import that saves a page of stories with
their bylines and mentions in one transaction indexes the page once, and a
transaction that rolls back indexes nothing it wrote.

Fixture loading (``loaddata``, ``raw=True``) is handled like any other save:
nothing is read until the commit, when every row of the fixture is there, so
``make run``'s seed page is searchable as soon as it is loaded.

Connected in ``ArticlesConfig.ready()``.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_local = threading.local()


def _pending(using) -> set[int]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending.setdefault(using, set())


def schedule(article_ids, using="default") -> None:
    """Reindex ``article_ids`` when the current transaction commits (at once
    outside a transaction)."""
    ids = {int(i) for i in article_ids if i is not None}
    if not ids:
        return
    _pending(using).update(ids)
    # A callback per call, not per transaction: one registered inside a
    # savepoint that rolls back is dropped, and the ids it would have flushed
    # must not wait for ever. Extra callbacks find the set empty. robust: a
    # failed index update is logged, never turned into an error on a save that
    # has already committed (`manage.py reindex` repairs the index).
    transaction.on_commit(lambda: flush(using), using=using, robust=True)


def flush(using="default") -> None:
    from articles.search.index import index_articles

    pending = _pending(using)
    if not pending:
        return
    ids = set(pending)
    pending.clear()
    index_articles(ids, using=using)


# Handlers ---------------------------------------------------------------------


def _article_changed(sender, instance, using, **kwargs):
    schedule([instance.pk], using)


def _related_changed(sender, instance, using, **kwargs):
    """A byline or mention was saved or deleted."""
    schedule([instance.article_id], using)


def _person_articles(person_id, using):
    from articles.models import Byline
    from people.models import Mention

    ids = set(Byline.objects.using(using).filter(person_id=person_id).values_list("article_id", flat=True))
    ids |= set(Mention.objects.using(using).filter(person_id=person_id).values_list("article_id", flat=True))
    return ids


def _remember_old_name(sender, instance, using, **kwargs):
    """Before a person or tag is saved, note whether its name changes, so that
    saving a reporter's description does not reindex all their stories."""
    instance._search_name_changed = False
    if instance.pk:
        old = sender._default_manager.using(using).filter(pk=instance.pk).values_list("name", flat=True).first()
        instance._search_name_changed = old is not None and old != instance.name


def _person_saved(sender, instance, using, created, **kwargs):
    if getattr(instance, "_search_name_changed", False):
        schedule(_person_articles(instance.pk, using), using)


def _alias_changed(sender, instance, using, **kwargs):
    # Aliases are indexed for mentioned people only.
    from people.models import Mention

    schedule(
        Mention.objects.using(using).filter(person_id=instance.person_id).values_list("article_id", flat=True), using
    )


def _tag_saved(sender, instance, using, created, **kwargs):
    if getattr(instance, "_search_name_changed", False):
        from articles.models import Article

        schedule(Article.objects.using(using).filter(tags=instance).values_list("pk", flat=True), using)


def _tags_changed(sender, instance, action, reverse, model, pk_set, using, **kwargs):
    """``article.tags.add/remove/set/clear`` (or the same from a tag's side)."""
    from articles.models import Article

    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if isinstance(instance, Article):
        if action != "pre_clear":
            schedule([instance.pk], using)
    elif model is Article:
        if action == "pre_clear":
            # pk_set is empty on clear: find the articles before they go.
            schedule(Article.objects.using(using).filter(tags=instance).values_list("pk", flat=True), using)
        elif pk_set:
            schedule(pk_set, using)


def _tagged_item_changed(sender, instance, using, **kwargs):
    """A tag row written directly rather than through ``article.tags``."""
    schedule([instance.content_object_id], using)


def connect() -> None:
    from taggit.models import Tag

    from articles.models import Article, Byline, TaggedArticle
    from people.models import Alias, Mention, Person

    tagged = TaggedArticle

    uid = "articles.search"
    post_save.connect(_article_changed, sender=Article, dispatch_uid=f"{uid}.article_saved")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid=f"{uid}.article_deleted")
    for model in (Byline, Mention):
        post_save.connect(_related_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}_saved")
        post_delete.connect(_related_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}_deleted")
    for model, handler in ((Person, _person_saved), (Tag, _tag_saved)):
        pre_save.connect(_remember_old_name, sender=model, dispatch_uid=f"{uid}.{model.__name__}_pre_save")
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.{model.__name__}_saved")
    post_save.connect(_alias_changed, sender=Alias, dispatch_uid=f"{uid}.alias_saved")
    post_delete.connect(_alias_changed, sender=Alias, dispatch_uid=f"{uid}.alias_deleted")
    m2m_changed.connect(_tags_changed, sender=tagged, dispatch_uid=f"{uid}.tags_changed")
    post_save.connect(_tagged_item_changed, sender=tagged, dispatch_uid=f"{uid}.tagged_item_saved")
    post_delete.connect(_tagged_item_changed, sender=tagged, dispatch_uid=f"{uid}.tagged_item_deleted")
