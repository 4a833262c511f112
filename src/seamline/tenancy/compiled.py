"""ORM queries compiled to SQL once and run many times with new values.

Django builds and compiles a queryset's SQL on every call. For the one-row lookups of a
scanner's request that costs several times the database's own work, so the few queries
on that path are written with the ORM once (names, joins and converters stay Django's)
and only their parameters change from call to call.

On PostgreSQL the statements are also prepared on each connection after a few runs (if
`SEAMLINE_DATABASE_PREPARE` is not "0"), so the server plans them once, not per request.

A compiled query sees no tenant scope: its builder filters on the tenant it is given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

# Placeholders stand for the parameters while the SQL is compiled; each must come out as
# itself among the compiled parameters, so that its slot can be found. Integers must lie
# in every integer field's range (Django drops a lookup on a value out of range).
_INT_MARK = 32_700
_STR_MARK = "\x00compiled-parameter-{}\x00"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[int | None, ...]  # per SQL parameter: which argument, or None (fixed)
    fixed: tuple[Any, ...]
    compiler: SQLCompiler
    converters: dict[int, Any]


def hot_cursor(using: str = DEFAULT_DB_ALIAS) -> CursorWrapper:
    """A cursor whose statements PostgreSQL prepares after a few runs on the connection.

    Django's own cursors bind values into the SQL text on the client, so every run is a new
    statement to plan; this one sends them apart (server-side binding) and psycopg prepares
    a statement once it has run `prepare_threshold` times. Elsewhere: Django's cursor.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if getattr(raw, "prepare_threshold", None) is None:  # turned off (a pooler in between)
        return connection.cursor()
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,  # defined only where psycopg 3 is installed
    )

    with connection.wrap_database_errors:
        # Django's own wrapping: errors as Django's, queries logged where Django logs them.
        return connection._prepare_cursor(ServerBindingCursor(raw))  # type: ignore[attr-defined]


class CompiledQuery:
    """`build(*placeholders)` must return a `values_list()` queryset; `kinds` says for each
    argument whether it is an `int` or a `str`, to make a placeholder the field accepts."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        # Per thread: the compiler's converters hold the connection they were made with.
        self._local = threading.local()

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        if len(values) != len(self._kinds):
            raise TypeError(f"expected {len(self._kinds)} values, got {len(values)}")
        compiled = getattr(self._local, using, None) or self._compile(using)
        params = [
            values[slot] if slot is not None else fixed
            for slot, fixed in zip(compiled.slots, compiled.fixed, strict=True)
        ]
        with hot_cursor(using) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            return [
                tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)
            ]
        return rows

    def _compile(self, using: str) -> _Compiled:
        marks = [
            _INT_MARK + n if kind is int else _STR_MARK.format(n)
            for n, kind in enumerate(self._kinds)
        ]
        queryset = self._build(*marks)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        slots = tuple(marks.index(p) if p in marks else None for p in params)
        if sorted(s for s in slots if s is not None) != list(range(len(marks))):
            raise ValueError("each parameter must appear exactly once, unchanged, in the SQL")
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        compiled = _Compiled(
            sql=sql,
            slots=slots,
            fixed=tuple(params),
            compiler=compiler,
            converters=compiler.get_converters(columns),
        )
        setattr(self._local, using, compiled)
        return compiled


_M = TypeVar("_M", bound=Model)


def model_from_row(model: type[_M], columns: Sequence[str], row: Sequence[Any]) -> _M:
    """The instance of `columns` (attribute names) read from a compiled query's row, the
    others deferred, as `.only(*columns)` would give it."""
    value = dict(zip(columns, row, strict=True))
    # from_db takes the values in the order of the model's fields, whatever the names say.
    names = [f.attname for f in model._meta.concrete_fields if f.attname in value]
    return model.from_db(DEFAULT_DB_ALIAS, names, [value[name] for name in names])
