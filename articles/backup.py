"""Backups as Django fixtures: every row the newsroom made, by natural key.

A backup is `dumpdata` of the content, the accounts and the history (revisions,
the admin's log, workflow steps), gzipped. What the database or a command can
make again is left out: content types and permissions (made by migrate),
sessions, login-attempt records and the search index (`reindex`); and the tag
edit jobs, a queue's state that a restored database must not run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter

from django.apps import apps
from django.core import serializers

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "articles.searchentry",
    "articles.tageditjob",
]


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def fingerprint() -> dict[str, Counter]:
    """Per model, the multiset of row hashes, rows serialized by natural key.

    Two databases with the same fingerprint hold the same rows with the same
    content, whatever ids the database gave them. Times are compared to the
    millisecond, the precision JSON fixtures keep: the fixture writer drops
    the rest, and writes 12:00:00.000456 as "12:00:00.000" but the restored
    12:00:00 as "12:00:00", which made equal rows hash differently.
    """
    result = {}
    for model in backed_up_models():
        records = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        result[model._meta.label_lower] = Counter(
            hashlib.sha256(
                json.dumps(record, sort_keys=True, ensure_ascii=False, default=_to_millisecond).encode()
            ).hexdigest()
            for record in records
        )
    return result


def _to_millisecond(value):
    if isinstance(value, (dt.datetime, dt.time)):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)  # Decimal, UUID, timedelta: the same on both sides
