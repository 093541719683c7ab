"""Querysets compiled to SQL once per process, then run with each call's values.

Building a queryset and compiling it to SQL costs Django more CPU than the
database takes to answer a small query by primary key (a list page's cards).
A ``CompiledQuery`` builds its queryset once, with stand-in values (a time no
story has, negative ids), compiles it, and remembers where those stand-ins
went among the SQL's parameters (an id may go to several places); each run
puts the call's values there and
runs the SQL, rows converted as the queryset's own would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import connections
from django.db.models import DateTimeField, QuerySet

# A time no row has: stands for the time of the call.
STAND_IN_NOW = dt.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=dt.UTC)


class CompiledQuery:
    """``build(now, ids)`` (a values_list queryset) compiled for ``count`` ids on ``alias``."""

    def __init__(self, build: Callable[[dt.datetime, list[int]], QuerySet], alias: str, count: int):
        connection = connections[alias]
        stand_in_ids = list(range(-count, 0))
        compiler = build(STAND_IN_NOW, stand_in_ids).query.get_compiler(alias)
        self.sql, params = compiler.as_sql()
        self.alias, self.compiler = alias, compiler
        self.converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
        # Where each stand-in went: ("now", None) or ("id", its index).
        now = DateTimeField().get_db_prep_value(STAND_IN_NOW, connection)
        ids = {value: i for i, value in enumerate(stand_in_ids)}
        self.slots = []
        for value in params:
            if type(value) is type(now) and value == now:
                self.slots.append(("now", None))
            elif type(value) is int and value in ids:
                self.slots.append(("id", ids[value]))
            else:
                self.slots.append(("constant", value))
        used = {i for kind, i in self.slots if kind == "id"}
        if used != set(range(count)) or ("now", None) not in self.slots:
            raise ValueError("the queryset must use its time and each of its ids as given")

    def run(self, now: dt.datetime, ids: Sequence[int]) -> list:
        connection = connections[self.alias]
        values = {"now": DateTimeField().get_db_prep_value(now, connection)}
        params = [ids[value] if kind == "id" else values.get(kind, value) for kind, value in self.slots]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows
