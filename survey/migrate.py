"""Schema migrations: numbered files in survey/migrations/, applied by `survey migrate`."""

from __future__ import annotations

from pathlib import Path

from playhouse.migrations import Runner

from .db import db

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _runner() -> Runner:
    return Runner(db.obj, str(MIGRATIONS_DIR))


def pending_migrations() -> list[str]:
    """Return the names of migrations not yet applied to the database."""
    return [migration.name for migration in _runner().status() if not migration.applied]


def apply_migrations() -> list[str]:
    """Apply every pending migration in order; return their names."""
    return _runner().up()
