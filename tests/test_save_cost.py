"""What an answer save costs: a handful of SQL statements, the answers read once."""

from __future__ import annotations

import re
from contextlib import contextmanager

from survey.db import db
from tests.test_dialogue_flow import form_fields, item_url, tap

#: Session; the response with its ward and the ward check in one query; then in one
#: transaction the locked response, its answers, the upsert and the next step; last
#: time's answer to show.
MAX_STATEMENTS_PER_SAVE = 7


@contextmanager
def counted_statements():
    """Collect every statement the database runs inside the block."""
    statements: list[str] = []
    database = db.obj
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        yield statements
    finally:
        del database.execute_sql


def test_an_answer_save_runs_at_most_seven_statements(signed_in, start_dialogue):
    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    with counted_statements() as statements:
        reply = signed_in.post(item_url(response, "sb_dag"), {**form_fields(page), "value": 1},
                               htmx=True)
    assert reply.status_code == 200
    assert len(statements) <= MAX_STATEMENTS_PER_SAVE, "\n".join(statements)


def test_a_stored_definition_is_read_from_the_database_once(app, min_hverdag):
    from survey.questionnaire.store import definition_by_id

    first = definition_by_id(min_hverdag.id)
    with counted_statements() as statements:
        again = definition_by_id(min_hverdag.id)
    assert again is first
    assert statements == []


def test_the_next_question_after_a_save_shows_its_own_saved_answer(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    tap(signed_in, response, "sb_mad", 2)
    tap(signed_in, response, "sb_mad", 3)
    reply = tap(signed_in, response, "sb_dag", 2, htmx=True)
    html = reply.get_data(as_text=True)
    assert reply.headers["HX-Push-Url"] == item_url(response, "sb_mad")
    assert form_fields(html)["revision"] == "2"
    assert re.search(r'value="(\d+)"[^>]*aria-pressed="true"', html).group(1) == "3"


def test_an_answer_save_does_not_send_the_session_cookie_again(signed_in, start_dialogue):
    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    reply = signed_in.post(item_url(response, "sb_dag"), {**form_fields(page), "value": 1}, htmx=True)
    assert reply.status_code == 200
    assert "Set-Cookie" not in reply.headers
