"""The one-statement path of compiled_sql.rows_together(): a column
of times that PostgreSQL hands out without a time zone (a time truncated to
the day in the site's zone, as an archive by day reads it) must come out of
the JSON as it comes out of its own statement."""

import pytest
from django.db.models.functions import TruncDay
from django.test.utils import isolate_apps

from articles import compiled_sql
from articles.models import Article
from tests.articles.test_compiled_sql import _published, _three_newest, postgresql, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _days(*, now):
    # TruncDay in the current zone: DATE_TRUNC(... AT TIME ZONE 'Asia/Shanghai'),
    # a timestamp without time zone that Django makes aware in that zone.
    return _published(now).annotate(day=TruncDay("publish_at")).values_list("pk", "day")[:3]


def test_a_time_without_a_zone_reads_the_same_together_as_alone(world, postgresql):  # noqa: F811
    now = world["now"]
    queries = [compiled_sql.Query(_days, (), {"now": now}), compiled_sql.Query(_three_newest, (), {"now": now})]
    alone = compiled_sql.rows_together(queries[:1], using="default")[0]
    assert alone == list(_days(now=now))
    for _ in range(postgresql.settings_dict["OPTIONS"]["prepare_threshold"] + 1):
        days, _newest = compiled_sql.rows_together(queries, using="default")
        assert days == alone, "a day read through the one JSON statement moved by the process's UTC offset"


@isolate_apps("articles")
def test_a_key_to_a_row_keyed_by_a_uuid_is_not_read_through_json():
    # A key column holds its target's key, and JSON gives a UUID back as text.
    from django.db import models

    class UuidKeyed(models.Model):
        code = models.UUIDField(primary_key=True)

        class Meta:
            app_label = "articles"

        def __str__(self):
            return str(self.code)

    class Pointing(models.Model):
        target = models.ForeignKey(UuidKeyed, on_delete=models.CASCADE)

        class Meta:
            app_label = "articles"

        def __str__(self):
            return str(self.target_id)

    assert not compiled_sql._kept_in_json(Pointing._meta.get_field("target"))
    assert compiled_sql._kept_in_json(Article._meta.get_field("department"))
