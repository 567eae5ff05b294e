"""Server-side sessions: renewed at sign-in, ended for good at sign-out, limited in age."""

from __future__ import annotations

import hashlib

import pytest

from survey.models import User, UserSession
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet, csrf_token_in, migrate_database


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


def set_cookie_header(reply) -> str:
    return next(value for name, value in reply.headers.items()
                if name == "Set-Cookie" and value.startswith("session="))


def test_sign_in_stores_only_the_hash_of_the_session_token(signed_in, world):
    from flask.sessions import SecureCookieSessionInterface

    row = UserSession.get()
    serializer = SecureCookieSessionInterface().get_signing_serializer(signed_in.client.application)
    token = serializer.loads(session_cookie(signed_in.client))["sid"]
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash
    assert (row.user_id, row.ward_id, row.ended_at) == (world.worker.id, world.ward.id, None)


def test_sign_in_replaces_the_session_the_visitor_came_with(client, world):
    tablet = Tablet(client)
    tablet.token = csrf_token_in(tablet.get("/login").get_data(as_text=True))
    tablet.post("/language", {"language": "en"})  # a session before signing in
    before, token_before = session_cookie(client), tablet.token
    tablet.sign_in("anna")
    assert session_cookie(client) != before
    assert tablet.token != token_before  # a new CSRF token came with the new session


def test_signing_in_again_ends_the_previous_session(signed_in):
    signed_in.sign_in("anna")
    rows = list(UserSession.select().order_by(UserSession.id))
    assert [row.ended_at is None for row in rows] == [False, True]


def test_signing_out_ends_the_session_on_the_server(signed_in):
    signed_in.post("/logout")
    assert UserSession.get().ended_at is not None


def test_a_cookie_replayed_after_signing_out_signs_nobody_in(signed_in, world):
    copied = session_cookie(signed_in.client)
    signed_in.post("/logout")
    signed_in.client.set_cookie("session", copied)
    reply = signed_in.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 303
    assert reply.headers["Location"].startswith("/login")


def test_the_back_button_after_signing_out_shows_no_resident(signed_in, start_dialogue, world):
    response = start_dialogue()
    signed_in.post("/logout")
    reply = signed_in.get(f"/dialogues/{response.id}/items/sb_dag")
    assert reply.status_code == 303
    assert "Karen" not in reply.get_data(as_text=True)


def test_signing_out_asks_the_browser_to_forget_cached_pages(signed_in):
    reply = signed_in.post("/logout")
    assert reply.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_pages_about_a_resident_are_never_stored_by_the_browser(signed_in, start_dialogue, world):
    response = start_dialogue()
    for url in (f"/wards/{world.ward.id}", f"/dialogues/{response.id}/items/sb_dag",
                f"/dialogues/{response.id}/summary"):
        assert signed_in.get(url).headers["Cache-Control"] == "no-store", url


def test_a_session_ends_at_its_absolute_lifetime_however_active(app, client, world, clock):
    tablet = Tablet(client)
    tablet.sign_in("anna")
    for _ in range(12 * 15):  # a request every four minutes for twelve hours
        clock.advance(minutes=4)
        reply = tablet.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 303
    assert reply.headers["Location"].startswith("/login")
    assert UserSession.get().ended_at is not None


def test_a_session_is_open_just_before_its_absolute_lifetime(client, world, clock):
    tablet = Tablet(client)
    tablet.sign_in("anna")
    for _ in range(12 * 15 - 1):
        clock.advance(minutes=4)
        reply = tablet.get(f"/wards/{world.ward.id}")
    assert reply.status_code == 200


def test_a_deactivated_user_is_signed_out_at_the_next_request(signed_in, world):
    User.update(active=False).where(User.id == world.worker.id).execute()
    reply = signed_in.get(f"/wards/{world.ward.id}")
    assert reply.headers["Location"].startswith("/login")
    assert UserSession.get().ended_at is not None


def test_the_session_cookie_is_httponly_and_samesite_lax(client, world):
    tablet = Tablet(client)
    cookie = set_cookie_header(tablet.sign_in("anna"))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # http://127.0.0.1 by default


def test_the_session_cookie_is_secure_when_served_over_https(client, world):
    page = client.get("/login", base_url="https://localhost")
    # Over HTTPS, Flask-WTF also wants the Referer of a page of this site.
    reply = client.post("/login", base_url="https://localhost",
                        headers={"Referer": "https://localhost/login"}, data={
        "csrf_token": csrf_token_in(page.get_data(as_text=True)),
        "username": "anna", "password": TEST_PASSWORD})
    assert reply.status_code == 302
    assert "Secure" in set_cookie_header(reply)


@pytest.fixture
def app_from_environment(app_config, monkeypatch):
    """Make the app after setting SURVEY_* variables, on a migrated database with Anna."""
    from survey import create_app
    from survey.db import db

    migrate_database(app_config["DATABASE_URL"])
    made = []

    def make(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(f"SURVEY_{name}", value)
        made.append(create_app(app_config))
        with made[-1].app_context():
            create_user("anna", "Anna", TEST_PASSWORD, ["staff"])
        return made[-1]

    yield make
    db.close_all()


def test_the_session_cookie_is_secure_when_the_setting_says_so(app_from_environment):
    app = app_from_environment(SESSION_COOKIE_SECURE="1")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    tablet = Tablet(app.test_client())
    assert "Secure" in set_cookie_header(tablet.sign_in("anna"))


def test_a_setting_of_0_in_the_environment_means_off(app_from_environment):
    app = app_from_environment(SESSION_COOKIE_SECURE="0", IDLE_LOCK_SECONDS="120")
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["IDLE_LOCK_SECONDS"] == 120


def test_the_language_chosen_before_signing_in_stays(client, world):
    tablet = Tablet(client, language="en")
    tablet.token = csrf_token_in(tablet.get("/login").get_data(as_text=True))
    tablet.post("/language", {"language": "da"})
    tablet.sign_in("anna")
    assert "Beboere" in tablet.get(f"/wards/{world.ward.id}").get_data(as_text=True)
