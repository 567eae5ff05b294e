"""Rows out of the database without holding them all, and cells out as CSV text.

SQLite's cursor already fetches lazily, so Peewee's ``.iterator()`` keeps memory flat.
psycopg's ordinary cursor fetches the whole result first; on PostgreSQL rows come
through a named (server-side) cursor in batches instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ..db import db, is_sqlite
from .safety import FORMULA_PREFIXES, neutralise

#: Rows fetched from a server-side cursor at a time.
BATCH = 2000
#: Characters collected before a chunk of CSV text is handed on.
CHUNK = 64 * 1024

_cursor_names = itertools.count(1)
FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


def tuples(query) -> Iterator[tuple]:
    """Yield a select query's rows as raw tuples (no Peewee conversion), a batch at a time.

    Raw: enum columns come as their text, and SQLite's timestamps as text (see
    ``as_datetime``); converting each value through Peewee costs more than the export.
    """
    sql, params = query.sql()
    if is_sqlite():
        cursor = db.execute_sql(sql, params)
        try:
            yield from cursor
        finally:
            cursor.close()
        return
    # A named cursor lives inside a transaction; atomic() nests in an outer one if any.
    with db.atomic():
        cursor = db.connection().cursor(name=f"survey_export_{next(_cursor_names)}")
        try:
            cursor.itersize = BATCH
            cursor.execute(sql, params)
            yield from cursor
        finally:
            cursor.close()


def as_datetime(value: Any) -> dt.datetime | None:
    """A stored timestamp as a datetime (SQLite hands back text, PostgreSQL datetimes)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def cell_text(value: Any) -> str:
    """One typed value as a CSV cell: ISO times, plain numbers, inert text."""
    kind = type(value)
    # The common cases first, by exact type: this runs for every cell of a million rows.
    if kind is str:
        return neutralise(value) if value[:1] in FORMULA_STARTS else value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


class Counter:
    """Counts the data rows an export wrote (for the audit trail and the command's reply)."""

    def __init__(self) -> None:
        self.rows = 0


def csv_chunks(header: list[str], rows: Iterable[list[Any]], counter: Counter) -> Iterator[str]:
    """Yield CSV text in chunks of about 64 kB: the header, then every row, counted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
        counter.rows += 1
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
