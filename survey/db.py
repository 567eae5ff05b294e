"""The database connection: one pooled database per process, borrowed per request.

SQLite is the default for one care home; PostgreSQL (``postgresql://``) when one
machine is not enough. Connections come from ``playhouse.pool``, so a request borrows
an open connection and gives it back: opening and closing a SQLite connection per
request costs about 6× in save throughput, because SQLite tidies its WAL whenever the
last connection closes.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from flask import Flask, request
from peewee import DatabaseProxy
from playhouse.pool import PooledDatabase, PooledPostgresqlDatabase, PooledSqliteDatabase

db = DatabaseProxy()

#: Care records: a committed answer must survive a power cut (synchronous=FULL), and
#: writers from several workers wait for each other instead of failing (busy_timeout).
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "cache_size": -16_000,
}
MIN_BUSY_TIMEOUT_MS = 5_000

POOL_SETTINGS = {"max_connections": 32, "stale_timeout": 600, "timeout": 30}


def make_database(url: str, base_dir: Path | None = None) -> PooledDatabase:
    """Return a pooled Peewee database for a ``sqlite:///`` or ``postgresql://`` URL.

    A relative SQLite path (``sqlite:///instance/survey.db``) is taken from ``base_dir``.
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path[1:]) if parsed.path.startswith("/") else parsed.path
        if not name or name == ":memory:":
            raise ValueError("An SQLite database must be a file: a pool needs shared state.")
        path = Path(base_dir or ".") / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE: a read-then-write transaction takes the write lock at BEGIN, so two
        # workers queue on busy_timeout instead of one failing "database is locked".
        return PooledSqliteDatabase(
            str(path),
            pragmas=SQLITE_PRAGMAS,
            lock_type="IMMEDIATE",
            check_same_thread=False,
            **POOL_SETTINGS,
        )
    if parsed.scheme in ("postgres", "postgresql"):
        # Query parameters are libpq settings (sslmode, options=-csearch_path=...).
        return PooledPostgresqlDatabase(
            unquote(parsed.path.lstrip("/")),
            host=parsed.hostname,
            port=parsed.port,
            user=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            **dict(parse_qsl(parsed.query)),
            **POOL_SETTINGS,
        )
    raise ValueError(f"Unsupported database URL scheme {parsed.scheme!r}: use sqlite or postgresql.")


def is_sqlite() -> bool:
    """Tell whether the bound database is SQLite."""
    return isinstance(db.obj, PooledSqliteDatabase)


def settings_problems() -> list[str]:
    """Return what is wrong with the live connection's settings (empty when all is well)."""
    problems = []
    if not isinstance(db.obj, PooledDatabase):
        problems.append("the database is not pooled")
    if not is_sqlite():
        return problems
    expected = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}
    for pragma, wanted in expected.items():
        actual = db.execute_sql(f"PRAGMA {pragma}").fetchone()[0]
        if actual != wanted:
            problems.append(f"PRAGMA {pragma} is {actual!r}, expected {wanted!r}")
    busy = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
    if busy < MIN_BUSY_TIMEOUT_MS:
        problems.append(f"PRAGMA busy_timeout is {busy} ms, expected at least {MIN_BUSY_TIMEOUT_MS}")
    return problems


def init_app(app: Flask) -> None:
    """Bind the database and borrow a pooled connection for each request."""
    db.initialize(make_database(app.config["DATABASE_URL"], Path(app.instance_path).parent))

    @app.before_request
    def _borrow_connection() -> None:
        if request.endpoint != "static":
            db.connect(reuse_if_open=True)

    @app.teardown_request
    def _return_connection(_exc: BaseException | None) -> None:
        if not db.is_closed():
            db.close()


def locked(query):
    """Lock the selected rows until the transaction ends (PostgreSQL; SQLite locks the file)."""
    return query if is_sqlite() else query.for_update()
