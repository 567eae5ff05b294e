"""The dialogue on the tablet, through the test client: each tap saved at once."""

from __future__ import annotations

import re

from survey.models import Answer, Response, ResponseStatus


def item_url(response, code: str) -> str:
    return f"/dialogues/{response.id}/items/{code}"


def form_fields(html: str) -> dict[str, str]:
    """The hidden request id and revision a question's form was rendered with."""
    return dict(re.findall(r'name="(request_id|revision)" type="hidden" value="([^"]*)"', html))


def tap(tablet, response, code: str, value, htmx: bool = False, **extra):
    page = tablet.get(item_url(response, code)).get_data(as_text=True)
    return tablet.post(item_url(response, code), {**form_fields(page), "value": value, **extra},
                       htmx=htmx)


def answers(response) -> dict[str, Answer]:
    return {a.item_code: a for a in Answer.select().where(Answer.response == response)}


def test_ward_screen_needs_a_signed_in_user(client, world):
    reply = client.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 303
    assert reply.headers["Location"].startswith("/login?next=")


def test_wrong_password_is_refused_with_a_message(tablet, world):
    reply = tablet.sign_in("anna", "wrong password")
    assert reply.status_code == 422
    assert "The user name or password is wrong." in reply.get_data(as_text=True)


def test_sign_in_does_not_follow_a_next_link_to_another_host(tablet, world):
    page = tablet.get("/login")
    from tests.conftest import TEST_PASSWORD, csrf_token_in

    token = csrf_token_in(page.get_data(as_text=True))
    reply = tablet.client.post("/login?next=//evil.example/x", data={
        "csrf_token": token, "username": "anna", "password": TEST_PASSWORD})
    assert reply.headers["Location"] == "/"


def test_ward_screen_lists_the_wards_residents(signed_in, world):
    html = signed_in.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert "Stue 1 · Karen" in html
    assert "Stue 11 · Inge" not in html


def test_a_ward_the_user_does_not_work_on_is_not_found(signed_in, world):
    assert signed_in.get(f"/wards/{world.other_ward.id}").status_code == 404
    start = f"/wards/{world.other_ward.id}/residents/{world.other_resident.id}/dialogues/new"
    assert signed_in.get(start).status_code == 404


def test_starting_a_dialogue_opens_the_first_question(signed_in, world, min_hverdag):
    url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
    reply = signed_in.post(url, {"questionnaire": min_hverdag.id, "answered_by": "resident",
                                 "language": "da"})
    response = Response.get()
    assert reply.headers["Location"] == item_url(response, "sb_dag")
    assert response.status == ResponseStatus.IN_PROGRESS
    assert response.resident_id == world.resident.id
    html = signed_in.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Bestemmer du selv, hvornår du står op?" in html
    assert "Question 1 of 9" in html


def test_start_form_refuses_an_unknown_answerer(signed_in, world, min_hverdag):
    url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
    reply = signed_in.post(url, {"questionnaire": min_hverdag.id, "answered_by": "robot",
                                 "language": "da"})
    assert reply.status_code == 422
    assert Response.select().count() == 0


def test_a_tap_saves_the_answer_and_moves_to_the_next_question(signed_in, start_dialogue):
    response = start_dialogue()
    reply = tap(signed_in, response, "sb_dag", 1)
    assert reply.status_code == 303
    assert reply.headers["Location"] == item_url(response, "sb_mad")
    saved = answers(response)["sb_dag"]
    assert (saved.value_code, saved.revision) == (1, 1)
    assert Response.get_by_id(response.id).current_item == "sb_mad"


def test_an_htmx_tap_returns_the_next_question_as_a_fragment(signed_in, start_dialogue):
    response = start_dialogue()
    reply = tap(signed_in, response, "sb_dag", 2, htmx=True)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert reply.headers["HX-Push-Url"] == item_url(response, "sb_mad")
    assert "HX-Request" in reply.headers["Vary"]
    assert html.lstrip().startswith('<section id="step"')
    assert "<html" not in html
    assert "Kan du vælge, hvad du vil spise?" in html


def test_a_retried_request_replaces_not_duplicates(signed_in, start_dialogue):
    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    fields = form_fields(page)
    for _ in range(3):
        signed_in.post(item_url(response, "sb_dag"), {**fields, "value": 1})
    rows = Answer.select().where(Answer.response == response)
    assert [(a.item_code, a.value_code, a.revision) for a in rows] == [("sb_dag", 1, 1)]


def test_tapping_another_answer_later_replaces_the_value(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    tap(signed_in, response, "sb_dag", 3)
    saved = answers(response)["sb_dag"]
    assert (saved.value_code, saved.revision) == (3, 2)
    assert Answer.select().where(Answer.response == response).count() == 1


def test_an_older_form_never_overwrites_a_newer_answer(signed_in, start_dialogue):
    response = start_dialogue()
    old_page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    tap(signed_in, response, "sb_dag", 1)
    reply = signed_in.post(item_url(response, "sb_dag"), {**form_fields(old_page), "value": 3})
    assert reply.status_code == 409
    assert 'aria-pressed="true"' in reply.get_data(as_text=True)
    assert answers(response)["sb_dag"].value_code == 1


def test_an_invalid_answer_is_refused_with_a_message_and_nothing_saved(signed_in, start_dialogue):
    response = start_dialogue()
    reply = tap(signed_in, response, "sb_dag", "42")
    assert reply.status_code == 422
    assert "field-errors" in reply.get_data(as_text=True)
    assert answers(response) == {}


def test_a_non_number_answer_is_refused_not_an_error(signed_in, start_dialogue):
    response = start_dialogue()
    assert tap(signed_in, response, "sb_dag", "abc").status_code == 422


def test_an_unknown_item_is_not_found(signed_in, start_dialogue):
    response = start_dialogue()
    assert signed_in.get(item_url(response, "nope")).status_code == 302
    assert tap(signed_in, response, "nope", 1).status_code == 404


def test_skipping_moves_on_without_an_answer(signed_in, start_dialogue):
    response = start_dialogue()
    reply = signed_in.post(item_url(response, "sb_dag"), {"action": "skip"})
    assert reply.headers["Location"] == item_url(response, "sb_mad")
    assert answers(response) == {}


def test_skipping_an_answered_question_keeps_its_answer(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 2)
    signed_in.post(item_url(response, "sb_dag"), {"action": "skip"})
    assert answers(response)["sb_dag"].value_code == 2


def test_rather_not_say_is_stored_as_its_own_code(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 9)
    assert answers(response)["sb_dag"].value_code == 9


def test_a_question_shown_only_after_yes_is_skipped_after_no(signed_in, start_dialogue):
    response = start_dialogue()
    reply = tap(signed_in, response, "ko_kontakt", 0)
    assert reply.headers["Location"] == item_url(response, "ko_aftaler")
    reply = tap(signed_in, response, "ko_kontakt", 1)
    assert reply.headers["Location"] == item_url(response, "ko_kontakt_tale")


def test_changing_an_answer_back_drops_answers_that_no_longer_apply(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "ko_kontakt", 1)
    tap(signed_in, response, "ko_kontakt_tale", 1)
    assert "ko_kontakt_tale" in answers(response)
    tap(signed_in, response, "ko_kontakt", 0)
    assert "ko_kontakt_tale" not in answers(response)
    summary = signed_in.get(f"/dialogues/{response.id}/summary").get_data(as_text=True)
    assert "Taler du tit med din kontaktperson?" not in summary


def test_staff_can_record_that_someone_else_answered_one_item(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1, answered_by="staff_observation")
    tap(signed_in, response, "sb_mad", 1, answered_by="resident")
    saved = answers(response)
    assert saved["sb_dag"].answered_by.value == "staff_observation"
    assert saved["sb_mad"].answered_by is None  # the response's own answerer


def test_free_text_is_saved_and_clearing_it_removes_it(signed_in, start_dialogue):
    response = start_dialogue()
    signed_in.post(item_url(response, "vigtigt"), {"value": "  At se min datter.  "})
    assert answers(response)["vigtigt"].value_text == "At se min datter."
    signed_in.post(item_url(response, "vigtigt"), {"value": ""})
    assert "vigtigt" not in answers(response)


def test_free_text_longer_than_allowed_is_refused(signed_in, start_dialogue):
    response = start_dialogue()
    reply = signed_in.post(item_url(response, "vigtigt"), {"value": "x" * 1001})
    assert reply.status_code == 422
    assert answers(response) == {}


def test_the_last_question_leads_to_agreeing_on_what_happens_next(signed_in, start_dialogue):
    response = start_dialogue()
    reply = signed_in.post(item_url(response, "vigtigt"), {"value": "Haven"})
    assert reply.headers["Location"] == f"/dialogues/{response.id}/actions"


def test_summary_reads_back_the_answers_in_the_responses_language(signed_in, start_dialogue):
    response = start_dialogue(language="en")
    tap(signed_in, response, "sb_dag", 1)
    html = signed_in.get(f"/dialogues/{response.id}/summary").get_data(as_text=True)
    assert "Do you decide when you get up?" in html
    assert "Yes" in html
    assert "Not answered" in html


def test_resuming_goes_to_where_the_dialogue_stopped(signed_in, start_dialogue, world):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    tap(signed_in, response, "sb_mad", 1)
    ward = signed_in.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert f"/dialogues/{response.id}" in ward
    reply = signed_in.get(f"/dialogues/{response.id}")
    assert reply.headers["Location"] == item_url(response, "sb_spurgt")


def test_finishing_completes_the_dialogue_and_returns_to_the_ward(signed_in, start_dialogue, world):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    reply = signed_in.post(f"/dialogues/{response.id}/finish")
    assert reply.headers["Location"] == f"/wards/{world.ward.id}"
    finished = Response.get_by_id(response.id)
    assert finished.status == ResponseStatus.COMPLETE
    assert finished.finished_at is not None
    ward = signed_in.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert "Unfinished dialogues" not in ward


def test_a_finished_dialogue_takes_no_more_answers(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    signed_in.post(f"/dialogues/{response.id}/finish")
    reply = signed_in.post(item_url(response, "sb_dag"), {"value": 3})
    assert reply.status_code == 303
    assert answers(response)["sb_dag"].value_code == 1


def test_a_save_without_a_valid_token_shows_the_question_again_with_the_answer(
    signed_in, start_dialogue
):
    response = start_dialogue()
    reply = signed_in.client.post(item_url(response, "sb_dag"),
                                  data={"csrf_token": "forged", "value": "2"})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert "Your answer was not saved" in html
    assert re.search(r'value="2" class="choice"\s+aria-pressed="true"', html)
    assert answers(response) == {}


def test_a_save_after_signing_out_leads_to_sign_in_and_back(signed_in, start_dialogue):
    response = start_dialogue()
    signed_in.post("/logout")
    reply = signed_in.client.post(item_url(response, "sb_dag"), data={"value": "2"})
    assert reply.status_code == 303
    assert "/login?next=" in reply.headers["Location"]
    assert "items/sb_dag" in reply.headers["Location"].replace("%2F", "/")


def test_the_back_link_shows_the_saved_answer(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 3)
    html = signed_in.get(item_url(response, "sb_mad")).get_data(as_text=True)
    assert f'href="{item_url(response, "sb_dag")}"' in html
    back = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    assert re.search(r'value="3" class="choice"\s+aria-pressed="true"', back)


def test_a_question_left_open_for_hours_still_saves(signed_in, start_dialogue, monkeypatch):
    import time

    import itsdangerous.timed

    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    ten_hours_later = time.time() + 10 * 60 * 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: ten_hours_later)
    reply = signed_in.post(item_url(response, "sb_dag"), {**form_fields(page), "value": 2})
    assert reply.status_code == 303
    assert answers(response)["sb_dag"].value_code == 2
