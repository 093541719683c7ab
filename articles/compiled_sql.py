"""Readers' list queries compiled to SQL once per process, their run-time values bound per call.

Building and compiling a queryset costs Django more CPU than PostgreSQL takes
to run a list page's short index scans (a section's page of ids: 1.6 ms of CPU
through the ORM, 0.2 ms as SQL already compiled). A list's query has a few
values that change from call to call (the time that decides what is
published, a section's or a tag's id) and a shape that does not (its columns,
filters, order, limit and offset). ``build(**values)`` is called once per
shape and database with a stand-in for each value, compiled, and every later
call runs that SQL with its own values where the stand-ins were.

Only what the ORM would return unconverted can be read this way (ids, names,
slugs): a query whose columns need Django's conversion is refused when it is
compiled, as is one whose SQL does not hold every stand-in as a parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from datetime import UTC, datetime

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable

# Stand-ins no real value equals: a time before the paper existed, ids below any key.
_FIRST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
_FIRST_ID = -(2**62)


class NotCompilable(TypeError):
    """The query cannot be compiled once and bound per call (see the module's docstring)."""


def _stand_in(kind: type, index: int):
    if kind is datetime:
        return _FIRST_TIME.replace(microsecond=index + 1)
    if kind is int:
        return _FIRST_ID - index
    raise NotCompilable(f"no stand-in for a value of type {kind.__name__}")


def _adapted(connection, value):
    # As the ORM hands a value of this type to the database (a DateTimeField's lookup).
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Slot(str):
    """Where a run-time value goes among a compiled query's parameters (its name)."""


@functools.lru_cache(maxsize=512)
def _compiled(build: Callable[..., QuerySet], shape: tuple, alias: str, kinds: tuple[tuple[str, type], ...]):
    """(SQL, its parameters with a ``_Slot`` for each stand-in, whether rows are single values)."""
    connection = connections[alias]
    stand_ins = {name: _stand_in(kind, index) for index, (name, kind) in enumerate(kinds)}
    queryset = build(*shape, **stand_ins).using(alias)
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if compiler.get_converters([column for column, _, _ in compiler.select]):
        raise NotCompilable(f"{build.__qualname__}: its columns need Django's conversion")
    by_value = {_adapted(connection, value): _Slot(name) for name, value in stand_ins.items()}
    slots = tuple(by_value.get(param, param) if isinstance(param, Hashable) else param for param in params)
    missing = set(stand_ins) - {slot for slot in slots if isinstance(slot, _Slot)}
    if missing:
        raise NotCompilable(f"{build.__qualname__}: {sorted(missing)} not parameters of its SQL")
    return sql, slots, queryset._iterable_class is FlatValuesListIterable


def rows(build: Callable[..., QuerySet], *shape, using: str, **values) -> list:
    """The rows of ``build(*shape, **values)``, a ``values_list()`` queryset,
    from its SQL compiled once for ``shape`` (hashable: slice bounds, sizes)
    and ``using``; ``values`` (times and ids) are bound at run time. A flat
    queryset's rows are single values."""
    kinds = tuple(sorted((name, type(value)) for name, value in values.items()))
    sql, slots, flat = _compiled(build, shape, using, kinds)
    connection = connections[using]
    params = [_adapted(connection, values[slot]) if isinstance(slot, _Slot) else slot for slot in slots]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [row[0] for row in found] if flat else [tuple(row) for row in found]
