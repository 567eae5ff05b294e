"""The relative's flow through the test client, as with JavaScript off."""

from __future__ import annotations

from survey.models import Answer, Invitation, Response, ResponseStatus
from tests import relatives_support

# The relatives' fixtures: an app serving the frozen relatives' questionnaire, waves, a phone.
app_config, make_wave, phone = (relatives_support.app_config, relatives_support.make_wave,
                                relatives_support.phone)


def _send_all(phone, link: str, language: str = "en"):
    screen = phone.start(link, language)
    while "/q/" in screen.request.path:
        screen = phone.answer_current(screen)
    assert screen.request.path.endswith("/send")
    return phone.submit(screen.request.path, {})


def test_the_first_screen_offers_the_questionnaires_languages(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    page = phone.open(f"/r/{tokens[0]}").get_data(as_text=True)
    assert 'value="da"' in page and 'value="en"' in page
    assert "Solhaven · Hus A" in page


def test_choosing_a_language_starts_at_the_first_question_in_that_language(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    screen = phone.start(f"/r/{tokens[0]}", "da")
    assert "/q/pa_velkommen" in screen.request.path
    assert "Jeg føler mig velkommen" in screen.get_data(as_text=True)
    assert Response.get().language == "da"


def test_reopening_the_link_resumes_where_the_relative_stopped(phone, client, make_wave):
    _wave, tokens, _posters = make_wave()
    screen = phone.start(f"/r/{tokens[0]}")
    screen = phone.answer_current(screen)
    screen = phone.answer_current(screen)
    client.delete_cookie("session")  # the phone was closed and the browser forgot everything
    again = phone.open(f"/r/{tokens[0]}")
    assert again.request.path.endswith("/q/pa_svar")
    assert Answer.select().count() == 2


def test_sending_shows_the_thank_you_page_and_marks_the_letter_answered(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    thanks = _send_all(phone, f"/r/{tokens[0]}")
    assert thanks.status_code == 200
    assert "Thank you for your answers" in thanks.get_data(as_text=True)
    assert Invitation.select().where(Invitation.submitted_on.is_null(False)).count() == 1
    assert Response.get().status == ResponseStatus.COMPLETE


def test_a_used_link_refuses_further_answers(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    _send_all(phone, f"/r/{tokens[0]}")
    refused = phone.post(f"/r/{tokens[0]}/q/pa_velkommen", {"value": "5"})
    assert refused.status_code == 409
    assert Answer.get(Answer.item_code == "pa_velkommen").value_code == 2
    again = phone.post(f"/r/{tokens[0]}", {"language": "en"})
    assert again.status_code == 409
    assert Response.select().count() == 1


def test_a_sent_response_keeps_ward_and_wave_but_not_its_letter(phone, make_wave, world):
    wave, tokens, _posters = make_wave()
    _send_all(phone, f"/r/{tokens[0]}")
    response = Response.get()
    assert (response.invitation_id, response.wave_id, response.ward_id) == (None, wave.id, world.ward.id)
    assert response.resident_id is None and response.staff_id is None


def test_stored_times_are_cut_to_the_day(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    _send_all(phone, f"/r/{tokens[0]}")
    response = Response.get()
    times = [response.started_at, response.updated_at, response.finished_at]
    times += [answer.answered_at for answer in Answer.select()]
    assert all(moment.time() == moment.min.time() for moment in times)


def test_a_poster_takes_answers_from_several_phones_marked_as_open_link(app, make_wave):
    _wave, _tokens, posters = make_wave()
    for _ in range(2):
        _send_all(relatives_support.Phone(app.test_client()), f"/r/{posters[0]}")
    assert [r.open_link for r in Response.select()] == [True, True]
    assert Invitation.select().where(Invitation.submitted_on.is_null(False)).count() == 0


def test_a_closed_wave_shows_a_friendly_gone_page(phone, make_wave):
    from survey.relatives.waves import close_wave

    wave, tokens, _posters = make_wave()
    close_wave(wave)
    reply = phone.open(f"/r/{tokens[0]}")
    assert reply.status_code == 410
    assert "This survey has closed" in reply.get_data(as_text=True)


def test_answers_after_the_closing_date_are_refused_with_410(phone, make_wave, clock):
    _wave, tokens, _posters = make_wave(days_open=3)
    screen = phone.start(f"/r/{tokens[0]}")
    clock.advance(days=4)
    reply = phone.post(screen.request.path, {"value": "1"})
    assert reply.status_code == 410
    assert Answer.select().count() == 0


def test_an_unknown_link_gets_a_404_that_reveals_nothing(phone, make_wave):
    make_wave()
    unknown = phone.open("/r/AAAAAAAAAAAAAAAAAAAAAA")
    malformed = phone.open("/r/x")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.get_data() == malformed.get_data()


def test_relatives_pages_send_no_referrer(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    for reply in (phone.open(f"/r/{tokens[0]}"), phone.open("/r/AAAAAAAAAAAAAAAAAAAAAA")):
        assert reply.headers["Referrer-Policy"] == "no-referrer"
        assert '<meta name="referrer" content="no-referrer">' in reply.get_data(as_text=True)


def test_a_post_without_the_session_token_saves_nothing(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    screen = phone.start(f"/r/{tokens[0]}")
    reply = phone.client.post(screen.request.path, data={"value": "1"})
    assert reply.status_code == 400
    assert Answer.select().count() == 0


def test_skipped_questions_are_allowed_and_counted_on_the_send_page(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    screen = phone.start(f"/r/{tokens[0]}")
    while "/q/" in screen.request.path:
        screen = phone.submit(screen.request.path, {"action": "skip"})
    assert "You skipped 7 questions" in screen.get_data(as_text=True)


def test_closing_a_wave_unlinks_unfinished_responses_from_their_letters(phone, make_wave):
    from survey.relatives.waves import close_wave

    wave, tokens, _posters = make_wave()
    phone.answer_current(phone.start(f"/r/{tokens[0]}"))
    close_wave(wave)
    response = Response.get()
    assert (response.invitation_id, response.wave_id) == (None, wave.id)


def test_an_answer_that_is_not_an_option_is_refused_with_a_message(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    screen = phone.start(f"/r/{tokens[0]}")
    reply = phone.post(screen.request.path, {"value": "77"})
    assert reply.status_code == 422
    assert "field-errors" in reply.get_data(as_text=True)
    assert Answer.select().count() == 0


def test_a_language_the_questionnaire_lacks_starts_nothing(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    phone.open(f"/r/{tokens[0]}")
    reply = phone.post(f"/r/{tokens[0]}", {"language": "xx"})
    assert reply.status_code == 303 and reply.headers["Location"].endswith(f"/r/{tokens[0]}")
    assert Response.select().count() == 0


def test_resuming_on_a_fresh_browser_shows_the_pages_in_the_chosen_language(phone, client, make_wave):
    _wave, tokens, _posters = make_wave()
    phone.start(f"/r/{tokens[0]}", "da")
    client.delete_cookie("session")
    page = phone.open(f"/r/{tokens[0]}").get_data(as_text=True)
    assert '<html lang="da"' in page and "Jeg føler mig velkommen" in page
