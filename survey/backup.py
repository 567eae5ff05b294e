"""Consistent copies of the database while the app keeps serving, and putting one back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .db import db, is_sqlite

#: Pages copied per step of SQLite's online backup: writers get the lock between steps.
PAGES_PER_STEP = 256


class BackupError(RuntimeError):
    """The backup or restore cannot be made as asked; the message says why."""


def _sqlite_path() -> Path:
    if not is_sqlite():
        raise BackupError("For PostgreSQL use pg_dump and pg_restore (see docs/deploy.md).")
    return Path(db.obj.database)


def backup(target: Path) -> Path:
    """Copy the live SQLite database to ``target`` with the online backup API."""
    source_path = _sqlite_path()
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=PAGES_PER_STEP)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
        source.close()
    if check != "ok":
        target.unlink()
        raise BackupError(f"The copy failed its integrity check: {check}")
    return target


def restore(source: Path) -> None:
    """Put a backup back in place of the live database (stop the app first)."""
    target_path = _sqlite_path()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    backup_db = sqlite3.connect(source)
    try:
        if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged: it fails SQLite's integrity check.")
        db.close_all()
        live = sqlite3.connect(target_path)
        try:
            backup_db.backup(live, pages=PAGES_PER_STEP)
        finally:
            live.close()
    finally:
        backup_db.close()
