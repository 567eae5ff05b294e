"""Checks shared by the fault tests: what every acknowledged save must have left behind."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path
from urllib.parse import urlparse

from bench.harness import QUESTIONNAIRE_DIR
from bench.tablet import Record


def item_order() -> list[str]:
    """The item codes of the frozen questionnaire, in the order a dialogue asks them."""
    with open(QUESTIONNAIRE_DIR / "min-hverdag.toml", "rb") as file:
        return [item["code"] for item in tomllib.load(file)["items"]]


def sqlite_problems(url: str) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check on an SQLite file ([] when sound)."""
    if urlparse(url).scheme != "sqlite":
        return []
    connection = sqlite3.connect(Path(urlparse(url).path))
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity}"]
    return problems + [f"foreign key broken: {row}" for row in dangling]


def lost_or_half_written(url: str, record: Record) -> list[str]:
    """Every acknowledged answer and finish is stored; no response is half-written.

    Simulated tablets only move forwards, and a save writes the answer and moves the
    response's current item in one transaction: so an answer to an item at or after the
    response's current item means the transaction was torn.
    """
    from survey.db import db, make_database
    from survey.models import Answer, Response, ResponseStatus

    order = item_order()
    position = {code: index for index, code in enumerate(order)}
    problems = []
    db.initialize(make_database(url))
    try:
        with db.connection_context():
            stored = {(a.response_id, a.item_code): a for a in Answer.select()}
            for ack in record.acknowledged:
                answer = stored.get((ack.response_id, ack.item_code))
                if answer is None:
                    problems.append(f"lost: {ack}")
                elif (answer.value_text if ack.is_text else str(answer.value_code)) != ack.value:
                    problems.append(f"changed: {ack} is stored as {answer.value_code or answer.value_text}")
            finished = {r.id for r in Response.select().where(Response.status == ResponseStatus.COMPLETE)}
            problems += [f"finish lost: response {rid}" for rid in set(record.finished) - finished]
            for response in Response.select():
                complete = response.status == ResponseStatus.COMPLETE
                if complete and (response.finished_at is None or response.current_item is not None):
                    problems.append(f"response {response.id} complete without its end")
                reached = position.get(response.current_item, len(order))
                for (rid, code), _answer in stored.items():
                    if rid == response.id and position.get(code, -1) >= reached:
                        problems.append(f"response {rid}: answer {code} saved, step not moved on")
    finally:
        db.close_all()
    return problems
