"""Every state-changing request needs the CSRF token: in the form, or in htmx's header."""

from __future__ import annotations

import re

from survey.models import Answer, Response, UserSession
from tests.conftest import TEST_PASSWORD, csrf_token_in
from tests.test_dialogue_flow import form_fields, item_url


def post_without_token(tablet, url: str, data: dict | None = None, **kwargs):
    return tablet.client.post(url, data=data or {}, **kwargs)


def test_signing_out_without_a_token_is_refused(signed_in):
    reply = post_without_token(signed_in, "/logout")
    assert reply.status_code == 400
    assert UserSession.get().ended_at is None


def test_switching_language_without_a_token_is_refused(signed_in):
    reply = post_without_token(signed_in, "/language", {"language": "da"})
    assert reply.status_code == 400


def test_starting_a_dialogue_without_a_token_is_refused(signed_in, world, min_hverdag):
    url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
    reply = post_without_token(signed_in, url, {"questionnaire": min_hverdag.id,
                                                "answered_by": "resident", "language": "da"})
    assert reply.status_code == 400
    assert Response.select().count() == 0


def test_an_answer_without_a_token_is_refused(signed_in, start_dialogue):
    response = start_dialogue()
    reply = post_without_token(signed_in, item_url(response, "sb_dag"), {"value": 1})
    assert reply.status_code == 400
    assert Answer.select().count() == 0


def test_an_htmx_answer_without_a_token_is_refused(signed_in, start_dialogue):
    response = start_dialogue()
    reply = post_without_token(signed_in, item_url(response, "sb_dag"), {"value": 1},
                               headers={"HX-Request": "true"})
    assert reply.status_code == 400
    assert Answer.select().count() == 0


def test_an_htmx_answer_with_the_token_in_the_header_is_saved(signed_in, start_dialogue):
    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    reply = post_without_token(
        signed_in, item_url(response, "sb_dag"), {**form_fields(page), "value": 1},
        headers={"HX-Request": "true", "X-CSRFToken": header_token},
    )
    assert reply.status_code == 200
    assert Answer.get().value_code == 1


def test_signing_in_without_a_token_signs_nobody_in(client, world):
    client.post("/login", data={"username": "anna", "password": TEST_PASSWORD})
    assert UserSession.select().count() == 0


def test_unlocking_without_a_token_is_refused(signed_in, world):
    page = signed_in.get("/lock").get_data(as_text=True)
    assert csrf_token_in(page)
    post_without_token(signed_in, "/lock", {"user": world.worker.id, "code": TEST_PASSWORD})
    assert signed_in.get(f"/wards/{world.ward.id}").headers["Location"] == "/lock"
