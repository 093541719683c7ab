"""Signals the newsroom sends, for caches, feeds and anything else that must
follow a story going public."""

from django.dispatch import Signal

# Sent once for each story whose publish time has come (sender=Article,
# article=…), by the publish_due command. Visibility never waits for it:
# readers see a story at its publish time because published() is decided at
# query time. This is for side effects only (purging caches, notifying).
article_went_live = Signal()
