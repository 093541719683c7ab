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

On PostgreSQL (when DATABASES' OPTIONS set ``prepare_threshold``) the SQL is
also prepared on each connection, with one plan for any values: PostgreSQL
took longer to parse and plan these short queries than to run them. A query
whose best plan depends on its values is marked ``planned_per_call()``.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators

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
    if type(value) not in (datetime, int, str):
        raise NotCompilable(f"no stand-in for a value of type {type(value).__name__}")
    return type(value)


def _stand_in(kind, number: int):
    if kind is datetime:
        return _FIRST_TIME.replace(microsecond=number + 1)
    if kind is int:
        return _FIRST_ID - number * 10_000
    if kind is str:
        return f"\ufffecompiled-sql-stand-in-{number}"  # a noncharacter: in no slug or name
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
    prepare: bool | None  # False: planned for its values on every call (planned_per_call())
    model: tuple | None  # a model queryset's: its class, its columns, related populators, annotations
    times: tuple | None  # its columns of times, read from JSON (_rows_as_one()); None: a column JSON would not keep


def planned_per_call(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """Mark a query whose best plan depends on its values (how many stories
    carry a tag: walk the newest stories, or the tag's few) so that it is
    never prepared: a prepared statement is planned once for any values."""
    build.planned_per_call = True
    return build


def _planned_per_call(build, shape: tuple) -> bool:
    # A query built around another's (its build in the shape) is planned as that one is.
    return any(getattr(part, "planned_per_call", False) for part in (build, *shape) if callable(part))


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
    model = None
    if issubclass(queryset._iterable_class, ModelIterable):
        # What ModelIterable reads of the compiler to build instances from its rows.
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        model = (
            klass_info["model"],
            (start, end),
            [column[0].target.attname for column in select[start:end]],
            get_related_populators(klass_info, select, alias),
            dict(compiler.annotation_col_map or {}),
        )
    return _Compiled(
        sql,
        slots,
        tuple((position, tuple(functions), expression) for position, (functions, expression) in converters.items()),
        queryset._iterable_class is FlatValuesListIterable,
        False if _planned_per_call(build, shape) else None,
        model,
        _times([column.output_field for column, _, _ in compiler.select]),
    )


# Columns whose values come out of PostgreSQL's JSON as its own protocol
# gives them to Python (ints, strings, booleans, NULL, arrays of those); a
# time comes out as ISO 8601 text (read back by _from_json()).
_KEPT_IN_JSON = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "BooleanField",
}


def _kept_in_json(field) -> bool:
    kind = field.get_internal_type()
    if kind == "ArrayField":
        return _kept_in_json(field.base_field)
    if field.is_relation:
        # A key holds what its target's key holds: a UUID would come back as text.
        return field.target_field is not field and _kept_in_json(field.target_field)
    return kind in _KEPT_IN_JSON


def _times(fields) -> tuple | None:
    times = []
    for position, field in enumerate(fields):
        if field.get_internal_type() == "DateTimeField":
            times.append(position)
        elif not _kept_in_json(field):
            return None  # a decimal, a date, a JSON column…: only its own statement reads it exactly
    return tuple(times)


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


def instances(build: Callable[..., QuerySet], *shape, using: str, **values) -> list:
    """The model instances ``Query(build, shape, values)`` loads on database
    ``using`` (``build`` returns a queryset of a model: select_related() and
    annotations are kept, prefetches and custom iterables are not), built as
    Django's ModelIterable builds them."""
    query = Query(build, shape, values)
    compiled = _compiled(build, shape, using, _kinds(query))
    if compiled.model is None:
        raise NotCompilable(f"{build.__qualname__}: not a queryset of model instances")
    model, (start, end), names, populators, annotations = compiled.model
    built = []
    for row in rows_together([query], using=using)[0]:
        instance = model.from_db(using, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        built.append(instance)
    return built


def _kinds(query: Query) -> tuple:
    return tuple(sorted((name, _kind(value)) for name, value in query.values.items()))


def rows(build: Callable[..., QuerySet], *shape, using: str, **values) -> list:
    """The rows of ``Query(build, shape, values)`` on database ``using``; a flat queryset's rows are single values."""
    return rows_together([Query(build, shape, values)], using=using)[0]


def rows_together(queries: list[Query], *, using: str) -> list[list]:
    """The rows of each query: on PostgreSQL in one round trip (one statement
    holding each one's rows as JSON, or where JSON would not keep a column
    exactly the statements sent together, each result read in turn),
    elsewhere one after another."""
    connection = connections[using]
    statements = []
    for query in queries:
        compiled = _compiled(query.build, query.shape, using, _kinds(query))
        statements.append((compiled, [_bound(connection, slot, query.values) for slot in compiled.slots]))
    results = []
    sql, params = "; ".join(c.sql for c, _ in statements), [p for _, params in statements for p in params]
    together = len(statements) > 1 and one_round_trip(connection)
    if together and _as_one_statement(statements, connection):
        return _rows_as_one(statements, params, connection)
    with connection.cursor() as cursor:
        if _prepares(connection):
            # Behind Django's own cursor wrapper, so that its query log and
            # execute_wrapper()s see one execute() of the joined SQL and its
            # parameters, as with client-side binding. Made as the connection
            # makes its own: the cursor it handed out may be another
            # library's wrapper (a debug toolbar's), built differently.
            prepared = _Prepared(connection, [(c.sql, p, c.prepare) for c, p in statements])
            wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
            cursor = wrap(prepared)
        with cursor:
            if together:
                cursor.execute(sql, params)
                for number, _ in enumerate(statements):
                    if number:
                        cursor.nextset()
                    results.append(cursor.fetchall())
            else:
                for compiled, values in statements:
                    cursor.execute(compiled.sql, values)
                    results.append(cursor.fetchall())
    return [_read(compiled, found, connection) for (compiled, _), found in zip(statements, results)]


def _as_one_statement(statements, connection) -> bool:
    # Prepared statements of columns JSON keeps; times only when aware (USE_TZ),
    # as the connection hands them out.
    return (
        _prepares(connection)
        and all(c.prepare is not False and c.times is not None for c, _ in statements)
        and (settings.USE_TZ or not any(c.times for c, _ in statements))
    )


@functools.lru_cache(maxsize=128)
def _one_statement(sqls: tuple[str, ...]) -> str:
    # Each statement's rows as a JSON array (a sorted subquery's order is the
    # aggregate's: there is no other step between them), all in one row.
    return "SELECT " + ", ".join(f"(SELECT json_agg(r)::text FROM ({sql}) r)" for sql in sqls)


def _rows_as_one(statements, params, connection) -> list[list]:
    """``rows_together()`` on PostgreSQL as one prepared statement: a
    pipeline of several cost psycopg and PostgreSQL more per statement than
    most of these take to run (the home page's four: 0.83–0.88 → 0.73–0.78 ms)."""
    sql = _one_statement(tuple(c.sql for c, _ in statements))
    prepared = _Prepared(connection, [(sql, params, None)])
    with connection.cursor():
        # The wrapper as in rows_together(): the query log sees this statement and its values.
        wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
        with wrap(prepared) as cursor:
            cursor.execute(sql, params)
            (texts,) = cursor.fetchall()
    return [
        _read(compiled, _from_json(text, compiled.times, connection), connection)
        for (compiled, _), text in zip(statements, texts)
    ]


def _values(pairs) -> list:
    # A row's values in its columns' order (two columns may share a name).
    return [value for _, value in pairs]


def _from_json(text: str | None, times: tuple, connection) -> list:
    rows = json.loads(text, object_pairs_hook=_values) if text is not None else []
    for row in rows:
        for position in times:
            if row[position] is not None:
                value = datetime.fromisoformat(row[position])
                # A timestamp without a zone (a time truncated in the site's zone)
                # comes out naive, as its own statement gives it: its field's
                # converter makes it aware, not this process's zone.
                row[position] = value.astimezone(connection.timezone) if value.tzinfo else value
    return rows


def one_round_trip(connection) -> bool:
    """Whether ``rows_together()`` sends several statements in one round trip on ``connection``."""
    return _prepares(connection) or _sends_statements_together(connection)


def _sends_statements_together(connection) -> bool:
    # Several statements in one execute() need psycopg's client-side binding,
    # Django's default (a server-side binding cursor takes one statement).
    return (
        connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is not True
    )


def _prepares(connection) -> bool:
    # Django's psycopg connection leaves prepare_threshold at None (never
    # prepare) unless DATABASES' OPTIONS set it, so a pooler that cannot keep
    # prepared statements (PgBouncer before 1.21 in transaction mode) is served
    # as before with it unset.
    options = connection.settings_dict["OPTIONS"]
    return connection.vendor == "postgresql" and options.get("prepare_threshold") is not None


class _Prepared:
    """A DB-API cursor over compiled statements, each run by psycopg with its
    parameters bound by the server, so that psycopg prepares it on the
    connection once it has run ``prepare_threshold`` times: PostgreSQL then
    neither parses nor plans it again. Planning took PostgreSQL longer than
    running most of these queries (a section's ids: 0.2 ms against 0.14 ms).

    Several statements go in one pipeline, one round trip, as the client-side
    ``"; "``-joined text did (which cannot be prepared). ``execute()`` is given
    that joined text and its parameters, for Django's query log only."""

    def __init__(self, connection, statements: list[tuple[str, list, bool | None]]):
        self._connection, self._statements = connection, statements
        self._cursors, self._current, self._logged = [], 0, None

    def execute(self, sql, params=None):
        import psycopg

        raw = self._connection.connection
        self._logged = (sql, params)
        # A statement planned per call is sent with its values in its text, as
        # Django sends its own: PostgreSQL plans a statement with parameters
        # as the session's plan_cache_mode says, even an unprepared one.
        self._cursors = [
            psycopg.Cursor(raw) if prepare is not False else psycopg.ClientCursor(raw)
            for _, _, prepare in self._statements
        ]
        if self._connection.timezone != raw.adapters.get_loader(_TIMESTAMPTZ_OID, psycopg.pq.Format.TEXT).timezone:
            from django.db.backends.postgresql.psycopg_any import register_tzloader

            for cursor in self._cursors:
                register_tzloader(self._connection.timezone, cursor)
        try:
            self._send_or_forget(raw)
        except psycopg.errors.FeatureNotSupported:
            # "cached plan must not change result type": a migration run by
            # another process changed a column a statement prepared here reads.
            # Outside a transaction the statements are dropped (psycopg forgets
            # its own on seeing DEALLOCATE ALL) and sent again.
            if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                raise
            raw.execute("DEALLOCATE ALL")
            self._send_or_forget(raw)

    def _send_or_forget(self, raw):
        import psycopg

        try:
            self._send(raw)
        except psycopg.Error:
            # A statement failing in a pipeline (a timeout, a cancel, a
            # replica's recovery conflict) skips the later ones, and psycopg
            # still counts those it was preparing as prepared: each later run
            # would fail with "prepared statement ... does not exist". Outside
            # a transaction they are all dropped; inside one, the rollback
            # that must follow does the same.
            if len(self._statements) > 1 and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                raw.execute("DEALLOCATE ALL")
            raise

    def _send(self, raw):
        import psycopg

        if len(self._statements) == 1:
            statement, values, prepare = self._statements[0]
            self._cursors[0].execute(statement, _typed(values, prepare), prepare=prepare)
            return
        with raw.pipeline() if psycopg.Pipeline.is_supported() else contextlib.nullcontext():
            for cursor, (statement, values, prepare) in zip(self._cursors, self._statements):
                cursor.execute(statement, _typed(values, prepare), prepare=prepare)

    def fetchall(self):
        return self._cursors[self._current].fetchall()

    def nextset(self):
        self._current += 1
        return self._current < len(self._cursors) or None

    def close(self):
        for cursor in self._cursors:
            cursor.close()

    @property
    def _query(self):
        # What Django's query log reads of a client-side cursor: the SQL with its values.
        import psycopg

        sql, params = self._logged
        return _Logged(psycopg.ClientCursor(self._connection.connection).mogrify(sql, params).encode())


class _Logged(NamedTuple):
    query: bytes


_TIMESTAMPTZ_OID = 1184


def _typed(values: list, prepare: bool | None) -> list:
    if prepare is False:
        return values
    # psycopg sends a Python int as the smallest integer type holding it, and a
    # prepared statement is kept per parameter types: ids of 2, 4 and 8 bytes
    # in one list would make a new statement of each mix. bigint, the ids' type, for all.
    from psycopg.types.numeric import Int8

    return [Int8(value) if type(value) is int else value for value in values]


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
