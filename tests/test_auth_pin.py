"""My PIN: a member of staff chooses the personal PIN that unlocks a ward tablet."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from survey.models import AuditEvent, User
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet


def set_pin(tablet, pin: str, again: str | None = None, password: str = TEST_PASSWORD):
    return tablet.post("/pin", {"password": password, "pin": pin,
                                "pin_again": pin if again is None else again})


def pin_hash(username: str = "anna") -> str | None:
    return User.get(User.username == username).pin_hash


def test_a_pin_is_saved_hashed(signed_in):
    reply = set_pin(signed_in, "4826")
    assert reply.status_code == 303
    stored = pin_hash()
    assert stored and "4826" not in stored
    assert check_password_hash(stored, "4826")


def test_saving_a_pin_is_recorded_in_the_audit_trail(signed_in):
    set_pin(signed_in, "4826")
    assert AuditEvent.get(AuditEvent.action == "pin_set").username == "anna"


@pytest.mark.parametrize("pin", ["482", "4826153", "48a6", "", "٤٨٢٦"])
def test_a_pin_is_4_to_6_digits(signed_in, pin):
    reply = set_pin(signed_in, pin)
    assert reply.status_code == 422
    assert pin_hash() is None


@pytest.mark.parametrize("pin", ["0000", "1234", "987654", "2580"])
def test_a_pin_anyone_would_guess_is_refused(signed_in, pin):
    reply = set_pin(signed_in, pin)
    assert reply.status_code == 422
    assert "too easy to guess" in reply.get_data(as_text=True)


def test_the_pin_must_be_typed_the_same_twice(signed_in):
    assert set_pin(signed_in, "4826", again="4827").status_code == 422
    assert pin_hash() is None


def test_setting_a_pin_needs_the_right_password(signed_in):
    reply = set_pin(signed_in, "4826", password="not my password")
    assert reply.status_code == 422
    assert "The password is wrong." in reply.get_data(as_text=True)
    assert pin_hash() is None


def test_guessing_the_password_on_the_pin_page_is_rate_limited(signed_in, clock):
    for _ in range(4):
        set_pin(signed_in, "4826", password="guess")
    assert set_pin(signed_in, "4826", password="guess").status_code == 429


def test_the_pin_can_be_removed_with_the_password(signed_in):
    set_pin(signed_in, "4826")
    reply = signed_in.post("/pin/remove", {"remove-password": TEST_PASSWORD})
    assert reply.status_code == 303
    assert pin_hash() is None


def test_the_pin_is_not_removed_with_a_wrong_password(signed_in):
    set_pin(signed_in, "4826")
    assert signed_in.post("/pin/remove", {"remove-password": "guess"}).status_code == 422
    assert pin_hash() is not None


def test_the_pin_page_is_for_staff(client, world):
    create_user("kvalitet", "Kvalitet", TEST_PASSWORD, ["quality"])
    tablet = Tablet(client)
    tablet.sign_in("kvalitet")
    assert tablet.get("/pin").status_code == 403


def test_the_pin_page_says_whether_there_is_a_pin(signed_in):
    assert "You have no PIN yet" in signed_in.get("/pin").get_data(as_text=True)
    set_pin(signed_in, "4826")
    assert "You have a PIN." in signed_in.get("/pin").get_data(as_text=True)
