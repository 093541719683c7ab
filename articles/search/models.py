from django.contrib.postgres.search import SearchVectorField
from django.db import models
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
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return str(self.article_id)
