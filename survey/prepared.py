"""Queries on every answer's path, with their SQL built once per process.

Peewee builds a query's SQL anew each time it runs, and for the short lookups of a save
that costs twenty to fifty times what SQLite takes to run them (a few hundred
microseconds against a few). A prepared query is written with peewee as usual, with
``slot(n)`` where its n-th value goes; its SQL is built the first time it runs on a kind
of database, and after that only the values change.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from peewee import Query, Value

from .db import db


class _Slot:
    """Where the n-th value goes among a prepared query's parameters."""

    def __init__(self, index: int):
        self.index = index


def slot(index: int) -> Value:
    """A placeholder for the ``index``-th value (kept as is: the caller passes database values)."""
    return Value(_Slot(index), converter=False)


class Prepared:
    """A query whose SQL is built once per kind of database, then run with new values.

    ``build`` takes one placeholder per value and returns the peewee query. The values
    are passed as the database stores them (an enum's value, not the enum).
    """

    def __init__(self, build: Callable[..., Query]):
        self._build = build
        self._arity = len(inspect.signature(build).parameters)
        self._compiled: dict[type, tuple[Query, str, list[Any]]] = {}

    def rows(self, *values: Any) -> Iterable[Any]:
        """Run the query with these values; rows come as the peewee query would give them."""
        query, cursor = self._run(values)
        # The query object built once only shapes the rows (models and their joins).
        return query._get_cursor_wrapper(cursor)

    def execute(self, *values: Any) -> None:
        """Run a statement that writes (an insert, an update) with these values."""
        self._run(values)

    def _run(self, values: tuple[Any, ...]) -> tuple[Any, Any]:
        database = db.obj
        compiled = self._compiled.get(type(database))
        if compiled is None:
            query = self._build(*(slot(n) for n in range(self._arity)))
            sql, params = database.get_sql_context().sql(query).query()
            compiled = self._compiled[type(database)] = (query, sql, params)
        query, sql, params = compiled
        bound = [values[p.index] if isinstance(p, _Slot) else p for p in params]
        return query, database.execute_sql(sql, bound)

    def first(self, *values: Any) -> Any | None:
        """The first row, or None."""
        return next(iter(self.rows(*values)), None)
