"""People's stories locked before anything about the people is judged or
written (articles.row_locks: stories first, lowest id first).

A person's name is printed in their stories' bylines, and who may rename or
merge them depends on those stories (``unseen-person`` in
articles.permissions: a story readers have seen makes the person an
editor's to change). Judged before the stories are locked, a story
published between the judgement and the write would let the write through;
judged while they are locked, in the transaction that writes, the story is
published either before (and the judgement sees it) or after the write (and
its sign-off sees the new name)."""

from __future__ import annotations

from articles.models import Article, Byline
from articles.row_locks import lock_stories
from people.models import Mention


def lock_stories_of(*people) -> tuple[list[Mention], list[Byline]]:
    """The mentions and bylines of ``people``, read once their stories are
    locked, for the rest of the caller's transaction.

    A mention or byline another transaction committed after the lock was
    taken names a story not yet locked: read again until every one read has
    its story locked (those found late are locked after the others, out of
    the id order, which the first, usual pass keeps). A moved mention takes
    its story's related-links lock (migration articles 0012) one story at a
    time, so a merge that locked as it went deadlocked with an import of the
    same stories. One committed after the last read is not seen here."""
    ids = [person.pk for person in people]
    locked = {
        story.pk
        for story in lock_stories(
            Article.objects.filter(mentions__person__in=ids), Article.objects.filter(bylines__person__in=ids)
        )
    }
    while True:
        mentions = list(Mention.objects.filter(person__in=ids))
        bylines = list(Byline.objects.filter(person__in=ids))
        late = {row.article_id for row in (*mentions, *bylines)} - locked
        if not late:
            return mentions, bylines
        lock_stories(Article.objects.filter(pk__in=late))
        # A late story deleted meanwhile took its mentions with it: counted
        # as locked, so that the loop ends.
        locked |= late
