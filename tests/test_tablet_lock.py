"""The shared ward tablet: it locks when idle and after each dialogue; a PIN opens it."""

from __future__ import annotations

import json

import pytest

from survey.auth import hash_password
from survey.models import AuditEvent, Response, ResponseStatus, User, UserSession
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, csrf_token_in, unlock
from tests.test_dialogue_flow import item_url, tap

IDLE = 5 * 60
#: The server notes activity at most every 30 s, and never locks before the idle time.
JUST_OVER_IDLE = IDLE + 31


def give_pin(user: User, pin: str) -> None:
    User.update(pin_hash=hash_password(pin)).where(User.id == user.id).execute()


@pytest.fixture
def colleagues(world):
    """Bo on the same ward (PIN 4826), Cecilie on the other ward (PIN 7315)."""
    bo = create_user("bo", "Bo", TEST_PASSWORD, ["staff"], [world.ward.id])
    cecilie = create_user("cecilie", "Cecilie", TEST_PASSWORD, ["staff"], [world.other_ward.id])
    give_pin(bo, "4826")
    give_pin(cecilie, "7315")
    give_pin(world.worker, "1739")
    return bo, cecilie


@pytest.fixture
def locked(clock, signed_in, world, colleagues):
    """Anna's tablet on her ward, left alone past the idle time."""
    signed_in.get(f"/wards/{world.ward.id}")
    clock.advance(seconds=JUST_OVER_IDLE)
    assert signed_in.get(f"/wards/{world.ward.id}").headers["Location"] == "/lock"
    return signed_in


def test_the_tablet_locks_after_the_idle_time(clock, signed_in, world):
    signed_in.get(f"/wards/{world.ward.id}")
    clock.advance(seconds=JUST_OVER_IDLE)
    reply = signed_in.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 303
    assert reply.headers["Location"] == "/lock"


def test_a_tap_now_and_then_keeps_the_tablet_open(clock, signed_in, world):
    for _ in range(10):
        clock.advance(seconds=IDLE - 1)
        assert signed_in.get(f"/wards/{world.ward.id}").status_code == 200


def test_an_htmx_request_on_a_locked_tablet_loads_the_lock_screen(locked, start_dialogue, world):
    unlock(locked, "anna", "1739")
    response = start_dialogue()
    locked.get("/lock")
    reply = tap(locked, response, "sb_dag", 1, htmx=True)
    assert reply.headers["HX-Redirect"] == "/lock"


def test_the_lock_screen_shows_the_ward_and_its_staff_but_no_resident(locked, start_dialogue):
    html = locked.get("/lock").get_data(as_text=True)
    assert "Solhaven · Hus A" in html
    assert ">Anna<" in html and ">Bo<" in html
    assert "Cecilie" not in html
    assert "Karen" not in html and "Stue" not in html


def test_the_lock_screen_has_no_idle_timer_and_no_signed_in_user(locked):
    html = locked.get("/lock").get_data(as_text=True)
    assert "data-idle-lock-seconds" not in html
    assert "Sign out</button>" not in html


def test_a_signed_in_page_tells_the_browser_when_to_lock(signed_in, world):
    html = signed_in.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert 'data-idle-lock-seconds="300"' in html
    assert 'data-lock-url="/lock"' in html


def test_finishing_a_dialogue_locks_the_tablet(signed_in, start_dialogue, world):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    signed_in.post(f"/dialogues/{response.id}/finish")
    reply = signed_in.get(f"/wards/{world.ward.id}")
    assert reply.headers["Location"] == "/lock"
    assert "The dialogue is saved" in signed_in.get("/lock").get_data(as_text=True)


def test_the_lock_link_locks_at_once(signed_in, world):
    signed_in.get("/lock")
    assert signed_in.get(f"/wards/{world.ward.id}").headers["Location"] == "/lock"


def test_the_pin_unlocks_and_goes_to_the_ward_screen(locked, world):
    reply = unlock(locked, "anna", "1739")
    assert reply.status_code == 303
    assert reply.headers["Location"] == f"/wards/{world.ward.id}"
    assert locked.get(f"/wards/{world.ward.id}").status_code == 200


def test_a_colleague_on_the_ward_takes_over_with_their_pin(locked, world, colleagues):
    bo, _ = colleagues
    unlock(locked, "bo", "4826")
    html = locked.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert '<span class="topbar-user">Bo</span>' in html
    live = UserSession.get(UserSession.ended_at.is_null())
    assert (live.user_id, live.ward_id) == (bo.id, world.ward.id)


def test_staff_of_another_ward_cannot_unlock(locked, colleagues):
    reply = unlock(locked, "cecilie", "7315")
    assert reply.status_code == 422
    assert locked.get("/lock").status_code == 200
    assert UserSession.get(UserSession.ended_at.is_null()).user.username == "anna"


def test_someone_without_a_pin_unlocks_with_their_password(locked, world):
    User.update(pin_hash=None).execute()
    reply = unlock(locked, "bo", TEST_PASSWORD)
    assert reply.headers["Location"] == f"/wards/{world.ward.id}"


def test_the_password_unlocks_even_with_a_pin(locked, world):
    assert unlock(locked, "anna", TEST_PASSWORD).headers["Location"] == f"/wards/{world.ward.id}"


def test_a_wrong_pin_is_refused_and_recorded(locked):
    reply = unlock(locked, "anna", "1111")
    assert reply.status_code == 422
    assert "The PIN or password is wrong." in reply.get_data(as_text=True)
    event = AuditEvent.get(AuditEvent.action == "sign_in_failed")
    assert json.loads(event.detail) == {"method": "pin", "username": "anna"}


def test_five_wrong_pins_lock_the_account_for_the_window(locked, clock):
    for _ in range(4):
        unlock(locked, "anna", "1111")
    reply = unlock(locked, "anna", "1111")
    assert reply.status_code == 429
    assert "Too many failed attempts for this user" in reply.get_data(as_text=True)
    assert unlock(locked, "anna", "1739").status_code == 429


def test_wrong_pins_count_against_the_password_too(locked, client):
    for _ in range(5):
        unlock(locked, "anna", "1111")
    assert unlock(locked, "anna", TEST_PASSWORD).status_code == 429


def test_ten_wrong_pins_in_a_day_leave_only_the_password(locked, world, clock):
    for _ in range(2):
        for _ in range(5):
            unlock(locked, "anna", "1111")
        clock.advance(minutes=15)
    reply = unlock(locked, "anna", "1739")
    assert reply.status_code == 429
    assert "Unlock with your password instead." in reply.get_data(as_text=True)
    assert unlock(locked, "anna", TEST_PASSWORD).headers["Location"] == f"/wards/{world.ward.id}"


def test_an_unfinished_dialogue_stays_resumable_after_the_lock(clock, signed_in, start_dialogue,
                                                               world, colleagues):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    clock.advance(seconds=JUST_OVER_IDLE)
    assert signed_in.get(item_url(response, "sb_mad")).headers["Location"] == "/lock"
    unlock(signed_in, "bo", "4826")
    ward = signed_in.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert f"/dialogues/{response.id}" in ward
    assert signed_in.get(f"/dialogues/{response.id}").headers["Location"] == item_url(
        response, "sb_mad")
    assert Response.get_by_id(response.id).status == ResponseStatus.IN_PROGRESS


def test_a_cookie_from_before_the_lock_does_not_open_the_tablet(signed_in, world):
    copied = signed_in.client.get_cookie("session").value
    signed_in.get("/lock")
    signed_in.client.set_cookie("session", copied)
    reply = signed_in.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 303
    assert reply.headers["Location"].startswith("/login")


def test_a_pin_does_not_stretch_the_sessions_absolute_lifetime(locked, world, clock):
    clock.advance(hours=11, minutes=50)
    unlock(locked, "anna", "1739")
    clock.advance(minutes=11)
    assert locked.get(f"/wards/{world.ward.id}").headers["Location"].startswith("/login")


def test_signing_out_from_the_lock_screen_ends_the_tablets_session(locked):
    page = locked.get("/lock").get_data(as_text=True)
    locked.client.post("/logout", data={"csrf_token": csrf_token_in(page)})
    assert UserSession.select().where(UserSession.ended_at.is_null()).count() == 0
    assert locked.get("/lock").headers["Location"] == "/login"


def test_unlocking_is_recorded_as_a_sign_in_with_the_pin(locked, colleagues):
    unlock(locked, "bo", "4826")
    event = AuditEvent.select().where(AuditEvent.action == "sign_in").order_by(
        AuditEvent.id.desc()).get()
    assert event.username == "bo"
    assert json.loads(event.detail) == {"method": "pin", "unlock": True}


def test_the_lock_screen_speaks_danish(locked):
    locked.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "da"
    html = locked.get("/lock").get_data(as_text=True)
    assert "Skærmen er låst" in html and "Lås op" in html
