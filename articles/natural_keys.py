"""Natural keys for rows that belong to another row.

Fixtures (the seed page, backups) refer to an article or a person by slug and
to their bylines, photos, mentions, tags and aliases by that slug plus one
field of their own, so loading a fixture again updates rows instead of
clashing with the ids of rows editors made.
"""

from django.db import models


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ChildNaturalKeyManager(models.Manager):
    """``get_by_natural_key(*values)`` through the lookups a model lists in
    ``natural_key_lookups``, e.g. ``("article__slug", "position")``.

    The lookups live on the model, not the manager, because Django builds
    related managers from this class without arguments.
    """

    def get_by_natural_key(self, *values):
        lookup = dict(zip(self.model.natural_key_lookups, values))
        # Not every such key is unique in the database (an editor may give two
        # bylines one position); the oldest row is the one a fixture made.
        found = self.filter(**lookup).order_by("pk").first()
        if found is None:
            raise self.model.DoesNotExist(f"No {self.model.__name__} matching {lookup}")
        return found
