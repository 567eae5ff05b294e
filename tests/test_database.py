"""The storage the care records rely on: settings, pooling, migrations, locking."""

from __future__ import annotations

import threading

import pytest
from peewee import IntegrityError
from playhouse.pool import PooledDatabase
from playhouse.schema_diff import diff_models

from survey.db import db, make_database, settings_problems
from survey.migrate import apply_migrations, pending_migrations
from survey.models import MODELS, Answer, Response
from tests.conftest import POSTGRES_URL

sqlite_only = pytest.mark.skipif(
    bool(POSTGRES_URL), reason="SQLite-only behaviour: checked by the SQLite run of `make test`"
)


def test_the_database_is_pooled(app):
    assert isinstance(db.obj, PooledDatabase)


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_full_sync_foreign_keys_and_a_busy_timeout(app):
    with db.connection_context():
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert settings_problems() == []


@sqlite_only
def test_sqlite_write_transactions_begin_immediate(app):
    assert db.obj._lock_type == "IMMEDIATE"


@sqlite_only
def test_an_in_memory_sqlite_database_is_refused():
    with pytest.raises(ValueError, match="must be a file"):
        make_database("sqlite:///:memory:")


def test_an_unknown_database_scheme_is_refused():
    with pytest.raises(ValueError, match="Unsupported"):
        make_database("mysql://localhost/x")


@sqlite_only
def test_a_relative_sqlite_path_is_taken_from_the_base_folder(tmp_path):
    database = make_database("sqlite:///instance/survey.db", tmp_path)
    assert database.database == str(tmp_path / "instance" / "survey.db")
    assert (tmp_path / "instance").is_dir()


def test_migrations_build_exactly_the_schema_of_the_models(database_url):
    db.initialize(make_database(database_url))
    with db.connection_context():
        assert pending_migrations() != []
        apply_migrations()
        assert pending_migrations() == []
        difference = diff_models(db.obj, MODELS)
        assert not difference, str(difference)
    db.close_all()


def test_the_app_refuses_to_start_on_an_unmigrated_database(app_config):
    from survey import create_app
    from survey.startup import StartupError

    with pytest.raises(StartupError, match="survey migrate"):
        create_app(app_config)


def test_the_app_refuses_to_start_without_a_secret_key_outside_testing(app_config):
    from survey import create_app

    with pytest.raises(RuntimeError, match="SURVEY_SECRET_KEY"):
        create_app({**app_config, "TESTING": False, "SECRET_KEY": "dev-only-not-secret"})


def test_start_up_leaves_no_connection_open_for_a_forking_server(app):
    # A server that forks after create_app() must not share a connection between workers.
    assert db.obj._in_use == {}
    assert db.obj._connections == []


def test_answers_are_unique_per_response_and_item(app, start_dialogue):
    response = start_dialogue()
    Answer.create(response=response, item_code="sb_dag", value_code=1)
    with pytest.raises(IntegrityError), db.atomic():
        Answer.create(response=response, item_code="sb_dag", value_code=2)


def test_concurrent_writers_queue_instead_of_failing(app, start_dialogue):
    """Eight threads save answers to one response at once: none fails, none is lost."""
    from survey import responses

    response = start_dialogue()
    codes = ["sb_dag", "sb_mad", "sb_spurgt", "ko_kender", "ko_vaner", "ko_aftaler", "tryg"]
    errors: list[BaseException] = []

    def save(code: str, value: int) -> None:
        try:
            with db.connection_context():
                for round_number in range(5):
                    responses.save_answer(response.id, code, {"value_code": value,
                                          "value_number": None, "value_text": None},
                                          None, f"{code}-{round_number}", None)
        except BaseException as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(code, 1 + i % 3)) for i, code in enumerate(codes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    saved = {a.item_code: (a.value_code, a.revision) for a in
             Answer.select().where(Answer.response == response)}
    assert saved == {code: (1 + i % 3, 5) for i, code in enumerate(codes)}
    assert Response.get_by_id(response.id).current_item is not None
