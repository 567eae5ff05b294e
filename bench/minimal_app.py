"""The ceiling: a minimal Flask + Peewee app that saves one row and returns a small fragment.

Same server (gunicorn), same database settings (pooled connections; on SQLite WAL,
synchronous=FULL and IMMEDIATE transactions), no sign-in, no CSRF, no templates: what
is left is the cost of HTTP, Flask and one committed row. The benchmark runs the same
load against it and states our save throughput as a share of this one's.

Run: ``BENCH_DATABASE_URL=sqlite:////tmp/x.db gunicorn 'bench.minimal_app:create_app()'``.
"""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask, request
from peewee import CharField, DateTimeField, IntegerField, Model

from survey.db import db, make_database


class Saved(Model):
    """One saved answer: which tablet, which item, which value."""

    tablet = CharField(max_length=32)
    item_code = CharField(max_length=64)
    value = IntegerField()
    saved_at = DateTimeField(default=dt.datetime.utcnow)

    class Meta:
        database = db
        table_name = "bench_saved"


def create_schema(url: str) -> None:
    """Create the one table (before the workers start, so they do not race to do it)."""
    db.initialize(make_database(url))
    with db.connection_context():
        db.create_tables([Saved])
    db.close_all()


def create_app() -> Flask:
    """The minimal app on the database in BENCH_DATABASE_URL."""
    app = Flask(__name__)
    db.initialize(make_database(os.environ["BENCH_DATABASE_URL"]))

    @app.before_request
    def _borrow() -> None:
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _give_back(_exc: BaseException | None) -> None:
        if not db.is_closed():
            db.close()

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    @app.post("/save")
    def save():
        with db.atomic():
            row = Saved.create(tablet=request.form.get("tablet", "")[:32],
                               item_code=request.form.get("item", "")[:64],
                               value=int(request.form.get("value", "0") or 0))
        return f'<section id="step"><p>Saved {row.id}</p></section>'

    return app
