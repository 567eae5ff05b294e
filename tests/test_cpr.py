"""CPR numbers are recognised in text and refused in free-text answers."""

from __future__ import annotations

import pytest
from wtforms import Form, StringField

from survey.cpr import NoCpr, looks_like_cpr
from survey.models import AgreedAction, Answer
from tests.test_dialogue_flow import item_url


@pytest.mark.parametrize("text", [
    "010203-1234",
    "0102031234",
    "010203 1234",
    "Karen 241245-2780 i stue 1",
    "cpr:311299-4321.",
    "290200-4000",       # 29 February 2000 (a leap year)
    "071061-0400",       # fails the modulus-11 check, as many numbers since 2007 do
    "150130\u20139012",   # with an en dash, as word processors write it
    "750364-1234",       # a replacement number: day of birth + 60
])
def test_a_cpr_number_is_recognised(text):
    assert looks_like_cpr(text)


@pytest.mark.parametrize("text", [
    "",
    "Jeg vil gerne se min datter",
    "321299-1234",       # no 32nd day
    "011399-1234",       # no 13th month
    "290201-1234",       # 2001 is no leap year
    "290200-1234",       # digit 7 below 4 means 1900, which had no 29 February
    "12345678",          # a phone number
    "01020312345",       # eleven digits
    "010203-123",        # too short
    "Stue 12, tlf. 2345 6789",
    "2024-01-02",        # an ISO date
])
def test_text_without_a_cpr_number_passes(text):
    assert not looks_like_cpr(text)


class LabelForm(Form):
    label = StringField(validators=[NoCpr()])


def test_the_validator_refuses_a_cpr_number_with_a_clear_message(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = LabelForm(data={"label": "Stue 1 · 010203-1234"})
        assert not form.validate()
        assert form.label.errors == [
            "This looks like a CPR number. CPR numbers must not be written here: "
            "please remove it."
        ]


def test_the_validator_lets_a_plain_label_through(app):
    with app.test_request_context():
        assert LabelForm(data={"label": "Stue 1 · Karen"}).validate()


def test_the_validator_takes_a_message_of_its_own(app):
    class CustomForm(Form):
        label = StringField(validators=[NoCpr("No CPR in labels.")])

    with app.test_request_context():
        form = CustomForm(data={"label": "0102031234"})
        assert not form.validate()
        assert form.label.errors == ["No CPR in labels."]


def test_a_free_text_answer_with_a_cpr_number_is_refused_and_kept_on_screen(
    signed_in, start_dialogue
):
    response = start_dialogue()
    text = "Ring til min søn, cpr 010203-1234"
    reply = signed_in.post(item_url(response, "vigtigt"), {"value": text})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "This looks like a CPR number" in html
    assert text in html
    assert Answer.select().count() == 0


def test_a_free_text_answer_with_a_cpr_number_is_refused_in_an_htmx_swap(
    signed_in, start_dialogue
):
    response = start_dialogue()
    reply = signed_in.post(item_url(response, "vigtigt"), {"value": "0102031234"}, htmx=True)
    assert reply.status_code == 422
    assert "This looks like a CPR number" in reply.get_data(as_text=True)
    assert Answer.select().count() == 0


def test_an_agreed_action_with_a_cpr_number_is_refused(signed_in, start_dialogue):
    response = start_dialogue()
    reply = signed_in.post(f"/dialogues/{response.id}/actions",
                           {"what": "Besøg hos 010203-1234", "who": "Anna"})
    assert reply.status_code == 422
    assert "This looks like a CPR number" in reply.get_data(as_text=True)
    assert AgreedAction.select().count() == 0
