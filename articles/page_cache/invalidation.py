"""Which versions a change bumps, from the model signals.

Saving or deleting a row bumps that row's version; a story joining or
leaving a list (published, unpublished, moved to another department,
retagged…) bumps the lists' versions. What a story was before a save (its
place in lists) is read by this module's own ``pre_save`` handler.

A scheduled story joins its lists at its publish time without any save:
when it is scheduled, its lists are told "stale from T on", and a page
stored before T is not served after T. No job has to run for it to appear.

A story taken off the site (unpublished, archived, deleted, or embargoed
again to a later time) and any watched row deleted (a photo, a person) has
its row's name withdrawn with the bump: no copy made before it is served
while the database is down (``dependencies.withdrawn_since``). Every page
that showed the story depends on its row, loaded or through its card.
"""

from __future__ import annotations

from django.db.models.signals import post_delete

from articles.page_cache.dependencies import WATCHED, bump, record_row, row_key, versions_per_request

# What a story's place in lists depends on: a change to any of these moves it
# in or out of a list, or within one.
_PLACEMENT = ("status", "department_id", "publish_at", "print_page_id", "print_position")
# Where the pre_save handler leaves the story's placement for post_save.
_BEFORE = "_page_cache_placement_before_save"
# Where the pre_save and pre_delete handler leave whom a byline or mention showed readers.
_SHOWN_BEFORE = "_page_cache_person_shown_before"


def _published():
    from articles.models import Article

    return Article.Status.PUBLISHED


def _lists_of(article) -> set[str]:
    """Every list a published story appears in."""
    from articles.models import Byline, TaggedArticle
    from people.models import Mention

    tags = TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)
    writers = Byline.objects.filter(article=article, person__isnull=False).values_list("person_id", flat=True)
    mentioned = Mention.objects.filter(article=article).values_list("person_id", flat=True)
    names = _lists_of_deleted(article)
    names.update(f"list:tag:{t}" for t in tags)
    names.update(f"list:person:{p}" for p in (*writers, *mentioned))
    return names


def _article_saving(sender, instance, raw=False, using=None, **kwargs):
    """Remember the story's placement as the database has it, before the save."""
    if raw:
        return
    before = None
    if instance.pk is not None:
        before = sender._base_manager.using(using).filter(pk=instance.pk).values(*_PLACEMENT).first()
    left = getattr(instance, "state_left", None)
    if left:
        # A revision restore wrote the old row back first: the story's lists
        # are those of the state the restore leaves.
        before = {**(before or {}), **{field: left[field] for field in _PLACEMENT if field in left}}
    setattr(instance, _BEFORE, before)


def _article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = instance.__dict__.pop(_BEFORE, None) or {}
    was_listed = previous.get("status") == _published()
    is_listed = instance.status == _published()
    moved = created or any(previous.get(field) != getattr(instance, field) for field in _PLACEMENT)
    row = row_key(sender, instance.pk)
    names = {row}
    if (was_listed or is_listed) and moved:
        names |= _lists_of(instance)
        names |= _department_lists(previous.get("department_id")) | _edition_lists(previous.get("print_page_id"))
    due = instance.publish_at.timestamp() if is_listed and instance.publish_at else None
    bump(*names, due=due, withdrawn=(row,) if _taken_off(previous, instance, moved) else ())


def _taken_off(previous: dict, article, moved: bool) -> bool:
    """Whether a save takes the story off what readers may be shown: it was
    published (its publish time passed or not: a reader's clock, or a page
    stored as it came due, may have shown it) and now readers may not see it."""
    return moved and previous.get("status") == _published() and not article.is_public


def _article_deleted(sender, instance, **kwargs):
    row = row_key(sender, instance.pk)
    bump(row, *(_lists_of_deleted(instance)), withdrawn=(row,))


def _lists_of_deleted(article):
    """The lists a story is in by its own fields (department, print edition)."""
    return _department_lists(article.department_id) | _edition_lists(article.print_page_id) | {"list:all"}


def _department_lists(department_id):
    from articles.models import Department

    if not department_id:
        return set()
    # A section's page also lists its sub-sections' stories.
    parent = Department.objects.filter(pk=department_id).values_list("parent_id", flat=True).first()
    return {f"list:department:{d}" for d in (department_id, parent) if d}


def _edition_lists(print_page_id):
    from articles.models import PrintPage

    if not print_page_id:
        return set()
    edition = (
        PrintPage.objects.filter(pk=print_page_id).values_list("edition__publication__slug", "edition__date").first()
    )
    return {f"list:edition:{edition[0]}/{edition[1].isoformat()}"} if edition else set()


def _row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(row_key(sender, instance.pk))


def _row_deleted(sender, instance, **kwargs):
    row = row_key(sender, instance.pk)
    bump(row, withdrawn=(row,))


def _shown_person(sender, pk, using=None):
    """The person a published story's byline or public mention (``pk``) shows
    readers as the database has it, or None."""
    from people.models import Mention, public_mention_q

    rows = sender._base_manager.using(using).filter(pk=pk, article__status=_published())
    if sender is Mention:
        rows = rows.filter(public_mention_q())
    return rows.values_list("person_id", flat=True).first()


def _with_its_story(origin) -> bool:
    # Deleted with its story: the story's own deletion bumps the lists it was in.
    from articles.models import Article

    return isinstance(origin, Article) or getattr(origin, "model", None) is Article


def _part_of_article_saving(sender, instance, raw=False, using=None, origin=None, **kwargs):
    """Remember whom a byline or mention showed readers, before it is saved or deleted."""
    if raw or instance.pk is None or _with_its_story(origin):
        return
    setattr(instance, _SHOWN_BEFORE, _shown_person(sender, instance.pk, using))


def _people_shown_changed(before, after) -> tuple[set[str], set[str]]:
    """A byline or mention that starts or stops showing a person on a
    published story (confirmed, unconfirmed, deleted, moved to someone else)
    may add them to or take them off the people readers are shown: the
    people sitemap and their own page (which follows ``list:person:…``).
    The names to bump: the sitemap's list, and the row of a person readers
    may no longer see, also withdrawn, so that no copy that showed them is
    served even while the database is down. The row of someone still shown
    is not bumped: every card with their byline depends on it, and a
    reporter's new story would otherwise outdate all their cards."""
    from people.models import Person

    if before == after:
        return set(), set()
    # ``after`` is shown by this very story: only ``before`` may be gone, and
    # a new byline (a story published with its reporter) asks nothing.
    gone = set()
    if before is not None and not Person.objects.public().filter(pk=before).exists():
        gone = {row_key(Person, before)}
    return gone | {"list:people"}, gone


def _part_of_article_changed(sender, instance, raw=False, using=None, origin=None, signal=None, **kwargs):
    """A byline, mention, photo or tag changed: the story's pages, the
    person's or tag's list if the story is published, and the people readers
    are shown if it starts or stops showing someone."""
    if raw:
        return
    from articles.models import Article
    from people.models import Mention

    if getattr(instance, "tag_id", None):
        tag_rows_changed(instance.tag_id, [instance.content_object_id])
        return
    article_id = getattr(instance, "article_id", None)
    names, withdrawn = {f"articles.article:{article_id}"}, set()
    published = Article.objects.filter(pk=article_id, status=_published()).exists()
    if published and getattr(instance, "person_id", None):
        names.add(f"list:person:{instance.person_id}")
        if sender is Mention:
            names.add("list:mentions")  # the home page's "most in the news"
    if hasattr(instance, "person_id") and not _with_its_story(origin):
        before = instance.__dict__.pop(_SHOWN_BEFORE, None)
        after = None
        if published and signal is not post_delete:
            after = _shown_person(sender, instance.pk, using) if sender is Mention else instance.person_id
        shown, withdrawn = _people_shown_changed(before, after)
        names |= shown
    bump(*names, withdrawn=withdrawn)


def tag_rows_changed(tag_id, article_ids) -> None:
    """Rows of a tag on these stories saved or deleted: the stories' pages,
    and the tag's list if one of them is published (one bump for them all)."""
    from articles.models import Article

    names = {row_key(Article, article_id) for article_id in article_ids}
    if Article.objects.filter(pk__in=article_ids, status=_published()).exists():
        names.add(f"list:tag:{tag_id}")
    bump(*names)


def _tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """article.tags.add()/remove()/clear() (taggit writes the join rows in bulk)."""
    if action not in ("post_add", "post_remove", "pre_clear") or reverse:
        return
    from articles.models import TaggedArticle

    tag_ids = set(pk_set or ())
    if action == "pre_clear":
        tag_ids = set(TaggedArticle.objects.filter(content_object=instance).values_list("tag_id", flat=True))
    names = {row_key(type(instance), instance.pk)}
    if instance.status == _published():
        names.update(f"list:tag:{tag_id}" for tag_id in tag_ids)
    bump(*names)


def _loaded(sender, instance, **kwargs):
    record_row(instance)


def connect():
    from django.apps import apps
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_init, post_save, pre_delete, pre_save

    from articles.models import Article, Byline, Photo, TaggedArticle
    from people.models import Mention

    request_started.connect(versions_per_request, dispatch_uid="page_cache_versions_started")
    request_finished.connect(versions_per_request, dispatch_uid="page_cache_versions_finished")
    for label in WATCHED:
        model = apps.get_model(label)
        post_init.connect(_loaded, sender=model, dispatch_uid=f"page_cache_loaded_{label}")
        if model is not Article:
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"page_cache_saved_{label}")
            post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"page_cache_deleted_{label}")
    pre_save.connect(_article_saving, sender=Article, dispatch_uid="page_cache_article_saving")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="page_cache_article_saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="page_cache_article_deleted")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="page_cache_tags_changed")
    for model in (Byline, Mention):
        name = model.__name__
        pre_save.connect(_part_of_article_saving, sender=model, dispatch_uid=f"page_cache_part_saving_{name}")
        pre_delete.connect(_part_of_article_saving, sender=model, dispatch_uid=f"page_cache_part_deleting_{name}")
    for model in (Byline, Mention, Photo, TaggedArticle):
        name = model.__name__
        post_save.connect(_part_of_article_changed, sender=model, dispatch_uid=f"page_cache_part_saved_{name}")
        post_delete.connect(_part_of_article_changed, sender=model, dispatch_uid=f"page_cache_part_deleted_{name}")
