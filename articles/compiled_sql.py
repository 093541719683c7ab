"""Readers' queries compiled to SQL once per process, their run-time values bound per call.

Building and compiling a queryset costs Django more CPU than PostgreSQL takes
to run a list page's short index scans (a section's page of ids: 1.6 ms of CPU
through the ORM, 0.2 ms as SQL already compiled). Such a query has a few
values that change from call to call (the time that decides what is
published, a section's or a tag's id, the ids of the stories to load) and a
shape that does not (its columns, filters, order, limit and offset, how many
ids). ``build(*shape, **values)`` is called once per shape and database with
a stand-in for each value, compiled, and every later call runs that SQL with
its own values where the stand-ins were, and its columns converted as the
ORM would convert them.

A query whose SQL does not hold every stand-in as a parameter (a value the
ORM folded into the SQL's text, or ignored) is refused when it is compiled.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable

# Stand-ins no real value equals: a time before the paper existed, ids below any key.
_FIRST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
_FIRST_ID = -(2**62)


class NotCompilable(TypeError):
    """The query cannot be compiled once and bound per call (see the module's docstring)."""


class _Slot(NamedTuple):
    """Where a run-time value goes among a compiled query's parameters: its
    name, and its place in it when the value is a tuple of ids."""

    name: str
    index: int | None


def _kind(value) -> Hashable:
    if isinstance(value, tuple):
        if not value or not all(type(item) is int for item in value):
            raise NotCompilable("a tuple value must hold ids (ints), at least one")
        return (tuple, len(value))  # its length is part of the SQL's shape: IN (%s, %s, …)
    if type(value) not in (datetime, int):
        raise NotCompilable(f"no stand-in for a value of type {type(value).__name__}")
    return type(value)


def _stand_in(kind, number: int):
    if kind is datetime:
        return _FIRST_TIME.replace(microsecond=number + 1)
    if kind is int:
        return _FIRST_ID - number * 10_000
    return tuple(_FIRST_ID - number * 10_000 - 1 - index for index in range(kind[1]))


def _adapted(connection, value):
    # As the ORM hands a value of this type to the database (a DateTimeField's lookup).
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Compiled(NamedTuple):
    sql: str
    slots: tuple  # the parameters, a _Slot where a run-time value goes
    converters: tuple  # (column, its converters, its expression) for columns Django converts
    flat: bool


@functools.lru_cache(maxsize=512)
def _compiled(build: Callable[..., QuerySet], shape: tuple, alias: str, kinds: tuple) -> _Compiled:
    connection = connections[alias]
    stand_ins = {name: _stand_in(kind, number) for number, (name, kind) in enumerate(kinds)}
    queryset = build(*shape, **stand_ins).using(alias)
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    where = {}
    for name, value in stand_ins.items():
        if isinstance(value, tuple):
            where.update({item: _Slot(name, index) for index, item in enumerate(value)})
        else:
            where[_adapted(connection, value)] = _Slot(name, None)
    slots = tuple(where.get(param, param) if isinstance(param, Hashable) else param for param in params)
    placed = {slot for slot in slots if isinstance(slot, _Slot)}
    if placed != set(where.values()):
        missing = sorted({slot.name for slot in set(where.values()) - placed})
        raise NotCompilable(f"{build.__qualname__}: {missing} not parameters of its SQL")
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return _Compiled(
        sql,
        slots,
        tuple((position, tuple(functions), expression) for position, (functions, expression) in converters.items()),
        queryset._iterable_class is FlatValuesListIterable,
    )


def _bound(connection, slot, values):
    if not isinstance(slot, _Slot):
        return slot
    value = values[slot.name]
    return value[slot.index] if slot.index is not None else _adapted(connection, value)


class Query(NamedTuple):
    """``build(*shape, **values)``: a ``values_list()`` queryset, compiled once
    for ``shape`` (hashable: slice bounds, sizes) with ``values`` (times, ids,
    tuples of ids) bound at run time."""

    build: Callable[..., QuerySet]
    shape: tuple
    values: dict


def rows(build: Callable[..., QuerySet], *shape, using: str, **values) -> list:
    """The rows of ``Query(build, shape, values)`` on database ``using``; a flat queryset's rows are single values."""
    return rows_together([Query(build, shape, values)], using=using)[0]


def rows_together(queries: list[Query], *, using: str) -> list[list]:
    """The rows of each query: on PostgreSQL in one round trip (the statements
    sent together, each result read in turn), elsewhere one after another."""
    connection = connections[using]
    statements = []
    for query in queries:
        kinds = tuple(sorted((name, _kind(value)) for name, value in query.values.items()))
        compiled = _compiled(query.build, query.shape, using, kinds)
        statements.append((compiled, [_bound(connection, slot, query.values) for slot in compiled.slots]))
    results = []
    with connection.cursor() as cursor:
        if len(statements) > 1 and _sends_statements_together(connection):
            cursor.execute("; ".join(c.sql for c, _ in statements), [p for _, params in statements for p in params])
            for number, _ in enumerate(statements):
                if number:
                    cursor.nextset()
                results.append(cursor.fetchall())
        else:
            for compiled, params in statements:
                cursor.execute(compiled.sql, params)
                results.append(cursor.fetchall())
    return [_read(compiled, found, connection) for (compiled, _), found in zip(statements, results)]


def _sends_statements_together(connection) -> bool:
    # Several statements in one execute() need psycopg's client-side binding,
    # Django's default (a server-side binding cursor takes one statement).
    return (
        connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is not True
    )


def _read(compiled: _Compiled, found: list, connection) -> list:
    if compiled.converters:
        found = [_converted(row, compiled.converters, connection) for row in found]
    return [row[0] for row in found] if compiled.flat else [tuple(row) for row in found]


def _converted(row, converters, connection) -> list:
    row = list(row)
    for position, functions, expression in converters:
        for function in functions:
            row[position] = function(row[position], expression, connection)
    return row
