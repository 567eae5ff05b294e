"""The staff pulse through ward posters: a wave with posters only, answered anonymously
on a phone like the relatives' questionnaire, stored as the staff's own answers."""

from __future__ import annotations

import pytest

from survey.models import (
    Answer,
    AnsweredBy,
    Invitation,
    InvitationWave,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    User,
)
from survey.users import create_user
from tests import relatives_support
from tests.conftest import TEST_PASSWORD

app_config, make_wave, phone = (relatives_support.app_config, relatives_support.make_wave,
                                relatives_support.phone)


def _quality(tablet):
    user = create_user("kvalitet", "Kvalitet", TEST_PASSWORD, ["quality"])
    User.update(can_read_free_text=True).where(User.id == user.id).execute()
    assert tablet.sign_in("kvalitet").status_code == 302
    return tablet


def _staff_wave(make_wave):
    return make_wave(letters_per_ward=0, questionnaire_code="personale")


def _send_all(phone, link: str):
    screen = phone.start(link, "en")
    while "/q/" in screen.request.path:
        screen = phone.answer_current(screen)
    assert screen.request.path.endswith("/send")
    return phone.submit(screen.request.path, {})


def test_the_new_wave_form_offers_the_staff_pulse(tablet, world):
    page = _quality(tablet).get("/waves/new").get_data(as_text=True)
    assert 'value="personale"' in page and "Staff pulse" in page


def test_a_quality_user_creates_a_staff_wave_with_ward_posters_only(tablet, world):
    reply = _quality(tablet).post("/waves/new", {
        "questionnaire": "personale", "title": "Puls", "wards": [world.ward.id, world.other_ward.id],
        "letters_per_ward": "0", "posters": "y", "opens_on": "2026-03-01", "closes_on": "2026-03-31"})
    assert reply.status_code == 303
    wave = InvitationWave.get()
    assert wave.questionnaire_code == "personale"
    assert [i.open_link for i in Invitation.select()] == [True, True]


def test_letters_for_a_staff_wave_are_refused_with_a_message(tablet, world):
    reply = _quality(tablet).post("/waves/new", {
        "questionnaire": "personale", "title": "Puls", "wards": [world.ward.id],
        "letters_per_ward": "5", "posters": "y", "opens_on": "2026-03-01", "closes_on": "2026-03-31"})
    assert reply.status_code == 422
    assert "ward posters only, with no letters" in reply.get_data(as_text=True)
    assert InvitationWave.select().count() == 0


def test_create_wave_refuses_letters_for_a_staff_questionnaire(make_wave):
    with pytest.raises(ValueError):
        make_wave(letters_per_ward=3, questionnaire_code="personale")
    assert Invitation.select().count() == 0


def test_the_staff_poster_speaks_to_staff_not_to_relatives(tablet, world, make_wave):
    wave, _tokens, _posters = _staff_wave(make_wave)
    page = _quality(tablet).get(f"/waves/{wave.id}/posters").get_data(as_text=True)
    # The posters and the printing advice above them, not the staff bar's navigation.
    printed = page[page.index('<div class="no-print letters-intro">'):]
    assert "Staff of Hus A: how is your work?" in printed
    assert "relative" not in printed.lower()


def test_a_staff_wave_page_offers_no_letters_to_print(tablet, world, make_wave):
    wave, _tokens, _posters = _staff_wave(make_wave)
    page = _quality(tablet).get(f"/waves/{wave.id}").get_data(as_text=True)
    assert f"/waves/{wave.id}/posters" in page and f"/waves/{wave.id}/letters" not in page


def test_staff_answer_through_the_poster_as_their_own_anonymous_response(phone, make_wave):
    wave, _tokens, posters = _staff_wave(make_wave)
    thanks = _send_all(phone, f"/r/{posters[0]}")
    assert "The answers from all staff" in thanks.get_data(as_text=True)
    response = Response.get()
    assert (response.kind, response.answered_by, response.status) == (
        QuestionnaireKind.STAFF, AnsweredBy.STAFF, ResponseStatus.COMPLETE)
    assert (response.resident_id, response.staff_id, response.invitation_id) == (None, None, None)
    assert (response.wave_id, response.open_link) == (wave.id, True)


def test_a_signed_in_member_of_staff_answering_the_poster_is_not_linked(signed_in, make_wave):
    _wave, _tokens, posters = _staff_wave(make_wave)
    _send_all(relatives_support.Phone(signed_in.client), f"/r/{posters[0]}")
    assert Response.get().staff_id is None


def test_staff_pulse_times_are_cut_to_the_day(phone, make_wave):
    _wave, _tokens, posters = _staff_wave(make_wave)
    _send_all(phone, f"/r/{posters[0]}")
    response = Response.get()
    times = [response.started_at, response.updated_at, response.finished_at]
    times += [answer.answered_at for answer in Answer.select()]
    assert all(moment.time() == moment.min.time() for moment in times)


def test_staff_pulse_answers_form_their_own_indicator_series(phone, make_wave):
    from survey.indicators import outcome_indicators

    _wave, _tokens, posters = _staff_wave(make_wave)
    _send_all(phone, f"/r/{posters[0]}")
    assert {value.series for value in outcome_indicators("personale")} == {"staff"}
