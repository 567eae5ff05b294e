"""Checks run before the app serves: files, database settings, schema, questionnaires."""

from __future__ import annotations

from flask import Flask

from .db import db, settings_problems
from .migrate import pending_migrations
from .questionnaire.store import load_checked, sync


class StartupError(RuntimeError):
    """The app must not serve: the message says why and what to do."""


def check(app: Flask) -> None:
    """Refuse to start on invalid questionnaires, unsafe settings or an old schema.

    The connection opened here is closed again (``close_all``) so that no server
    process inherits it across a fork.
    """
    definitions = load_checked(app.config["QUESTIONNAIRE_DIR"])
    try:
        with db.connection_context():
            problems = settings_problems()
            if problems:
                raise StartupError("Unsafe database settings: " + "; ".join(problems))
            pending = pending_migrations()
            if pending:
                raise StartupError(
                    f"The database needs {len(pending)} migration(s): run `survey migrate`."
                )
            sync(definitions)
    finally:
        db.close_all()
