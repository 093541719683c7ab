from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """An article's words as the search index sees them: jieba tokens,
    weighted A (headline, kicker, subtitle), B (people, bylines, tags,
    summary) and C (body).

    Derived data, never edited: ``articles.search.index`` rebuilds a row
    after every commit that changes its article, bylines, mentions or tags.
    On PostgreSQL ``vector`` holds the tsvector (GIN index created by
    migration 0005); on SQLite it stays empty and the tokens live in the FTS5
    table ``articles_searchentry_fts`` whose rowid is the article id.

    ``public_from`` and ``department`` copy what readers' search filters and
    orders by, so that on PostgreSQL a search never has to read the (wide)
    articles table to find its newest matches: ``public_from`` is the publish
    time of a published story and empty otherwise, so "a reader may see it
    now" is ``public_from <= now()`` on this table alone. The articles table
    stays the authority: results are checked against ``published()``.
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    vector = SearchVectorField(null=True, editable=False)
    public_from = models.DateTimeField(_("public from"), null=True, editable=False)
    department = models.ForeignKey(
        "articles.Department",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            # Readers' newest matches of a common word: walk this, newest first.
            models.Index(
                fields=["-public_from", "-article"],
                name="searchentry_public_recent",
                condition=Q(public_from__isnull=False),
            ),
        ]

    def __str__(self):
        return str(self.article_id)
