"""`survey backup` copies the live database consistently; `survey restore` puts it back."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from survey.db import db
from survey.models import Answer, Response
from tests.conftest import POSTGRES_URL
from tests.test_dialogue_flow import tap

pytestmark = pytest.mark.skipif(
    bool(POSTGRES_URL), reason="SQLite's online backup; PostgreSQL uses pg_dump (docs/deploy.md)"
)


def test_a_backup_taken_while_answers_are_saved_is_consistent(runner, tmp_path, start_dialogue):
    from survey import responses

    response = start_dialogue()
    stop = threading.Event()
    saved = []

    def keep_saving() -> None:
        with db.connection_context():
            number = 0
            while not stop.is_set():
                number += 1
                responses.save_answer(response.id, "sb_dag", {"value_code": 1 + number % 3,
                                      "value_number": None, "value_text": None},
                                      None, f"r{number}", None)
                saved.append(number)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    while len(saved) < 3:  # the backup starts while the writer is busy
        stop.wait(0.01)
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert saved, "the writer never wrote"
    copy = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = copy.execute("SELECT revision FROM answer WHERE item_code = 'sb_dag'").fetchall()
    finally:
        copy.close()
    assert len(rows) == 1 and 1 <= rows[0][0] <= len(saved)


def test_a_backup_never_overwrites_a_file(runner, tmp_path, app):
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert target.read_text() == "keep me"


def test_restore_puts_the_backup_back(runner, tmp_path, signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    tap(signed_in, response, "sb_mad", 2)
    Response.create(questionnaire=response.questionnaire, ward=response.ward, kind="dialogue",
                    language="da", answered_by="resident", resident=response.resident)
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert [a.item_code for a in Answer.select()] == ["sb_dag"]
    assert Response.select().count() == 1


def test_restore_refuses_a_damaged_file(runner, tmp_path, app):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = runner.invoke(args=["restore", "--yes", str(broken)])
    assert result.exit_code != 0
