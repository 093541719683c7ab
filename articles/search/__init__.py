"""Chinese full-text search over articles.

``tokens`` turns text into jieba tokens (pure), ``index`` keeps one
``SearchEntry`` per article in step with the database, ``backends`` runs the
match on PostgreSQL (tsvector + GIN) or SQLite (FTS5), and ``query`` is what
views and the admin call: ``search_articles()`` and ``admin_search()``.
"""
