"""A tag renamed or deleted: an edit of each story carrying it, judged and
written in a fixed number of statements, whatever the number of stories.

A tag's name is printed on each story carrying it (its page, the tag pages,
the review's fingerprint), so renaming or deleting the tag changes each of
those stories, by whoever does it. Its stories are locked first, lowest id
first (articles.row_locks), in the transaction that writes; the table then
judges the user on each of them as it stands once locked, by the rules for
a story's tag rows that the change form's tag field is judged by
(``articles.taggedarticle``: a rename deletes the old name from each story
and adds the new one, a deletion deletes it). A story published between the
tag page's check and the write counts. The state a story enters is the one
it leaves but for its tags (a send-back to review, the only status the edit
may give it, is never harder to reach under the table).

Deleting a tag deletes its rows on stories in one statement rather than one
by one through their signals, and tells at once what each row's deletion
told: the review (``review.signals.parts_changed``), the search index (a
reindex of the stories at the commit) and the page cache (the stories' pages
and the tag's list). The rows' stories being locked, their row locks guard
the related links the deletion changes (articles.row_locks.
links_guarded_by_story_rows()), so a tag on any number of stories is
deleted in one transaction, without an advisory lock per story.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import router
from taggit.models import Tag

from articles.models import Article, TaggedArticle
from articles.permissions import allows
from articles.row_locks import links_guarded_by_story_rows, lock_stories

# What each edit does to a story's tag rows.
RENAME = ("add", "delete")
DELETE = ("delete",)


def renames(tag) -> bool:
    """Whether saving ``tag`` changes the name its stories print. If not,
    the tag's row is locked as it stands for the rest of the caller's
    transaction, so that no rename comes between this answer and the save.

    Only the name is an edit of the stories: their pages, the tag pages and
    the review's fingerprint print it. The slug is in no story's text (a
    page linking the tag depends on the tag's own row in the page cache),
    so a save that keeps the name neither locks nor judges the stories.
    A rename committed meanwhile is seen (the locking read checks the row's
    newest version), and the save is then one: the caller locks the
    stories, which it must do before the tag's row (articles.row_locks),
    so none is locked then."""
    alias = router.db_for_write(Tag)
    unchanged = Tag.objects.using(alias).filter(pk=tag.pk, name=tag.name).select_for_update()
    return not list(unchanged.values_list("pk", flat=True))


def lock_and_judge(user, tags, actions) -> list[Article]:
    """The stories carrying ``tags``, locked for the rest of the caller's
    transaction, once the table lets ``user`` do each of ``actions`` on the
    tag rows of every one of them as it stands (else PermissionDenied)."""
    stories = lock_stories_of(tags)
    for story in stories:
        if not all(allows(user, "articles.taggedarticle", action, story) for action in actions):
            raise PermissionDenied
    return stories


def lock_stories_of(tags) -> list[Article]:
    """The stories carrying ``tags``, locked in id order.

    A story tagged by another transaction that committed after the lock was
    taken is not locked yet: its rows are read again until every story
    carrying the tags is locked (those found late locked after the others,
    out of the id order, which the usual single pass keeps). A tagging
    committed after the last read is not seen here."""
    ids = [tag.pk for tag in tags]
    stories = lock_stories(Article.objects.filter(tagged_items__tag__in=ids))
    locked = {story.pk for story in stories}
    while True:
        carrying = set(TaggedArticle.objects.filter(tag__in=ids).values_list("content_object_id", flat=True))
        late = carrying - locked
        if not late:
            return stories
        stories += lock_stories(Article.objects.filter(pk__in=late))
        # A late story deleted meanwhile took its tag rows with it: counted
        # as locked, so that the loop ends.
        locked |= late


def delete_tag_rows(tags) -> None:
    """Delete every row of ``tags`` on stories (their stories locked), as the
    rows' own deletions one by one would, in a fixed number of statements."""
    from articles.page_cache import invalidation
    from articles.search import signals as search_signals
    from review import signals as review_signals

    alias = router.db_for_write(TaggedArticle)
    rows = TaggedArticle.objects.using(alias).filter(tag__in=[tag.pk for tag in tags])
    found = list(rows.values_list("tag_id", "content_object_id"))
    if not found:
        return
    # Its stories' rows are locked (lock_stories_of()): they guard the links
    # the rows' triggers remove, for any number of stories.
    with links_guarded_by_story_rows(alias):
        rows._raw_delete(alias)
    story_ids = {story_id for _, story_id in found}
    review_signals.parts_changed(story_ids)
    search_signals.schedule(story_ids, alias)
    for tag in tags:
        invalidation.tag_rows_changed(tag.pk, [story_id for tag_id, story_id in found if tag_id == tag.pk])
