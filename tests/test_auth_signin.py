"""Signing in: limits on failed attempts per account and per client, and the audit trail."""

from __future__ import annotations

import json

import pytest

from survey.models import AuditEvent, RateCounter
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet, csrf_token_in


def sign_in_from(client, username: str, password: str, address: str = "192.0.2.10"):
    """Post the sign-in form from one client address."""
    client.environ_base["REMOTE_ADDR"] = address
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf_token_in(page.get_data(as_text=True)),
                                       "username": username, "password": password})


def fail(client, username: str = "anna", times: int = 1, address: str = "192.0.2.10"):
    reply = None
    for _ in range(times):
        reply = sign_in_from(client, username, "wrong password", address)
    return reply


@pytest.fixture
def bo(world):
    return create_user("bo", "Bo", TEST_PASSWORD, ["staff"], [world.ward.id])


def test_signing_in_is_recorded_in_the_audit_trail(signed_in, world):
    event = AuditEvent.get(AuditEvent.action == "sign_in")
    assert (event.user_id, event.username) == (world.worker.id, "anna")


def test_a_failed_sign_in_records_the_user_name_tried_and_no_password(client, world):
    fail(client, "Anna ")
    event = AuditEvent.get(AuditEvent.action == "sign_in_failed")
    detail = json.loads(event.detail)
    assert detail["username"] == "anna"
    assert event.user_id == world.worker.id
    assert "wrong password" not in event.detail


def test_a_failed_sign_in_with_an_unknown_name_is_recorded_without_a_user(signed_in, client):
    fail(client, "nobody")
    event = AuditEvent.get(AuditEvent.action == "sign_in_failed")
    assert (event.user_id, event.username) == (None, None)
    assert json.loads(event.detail)["username"] == "nobody"


def test_four_failures_still_let_the_right_password_in(client, world, clock):
    fail(client, times=4)
    assert sign_in_from(client, "anna", TEST_PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_account_and_says_until_when(client, world, clock):
    reply = fail(client, times=5)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 429
    # 08:00 UTC on 2 March is 09:00 in Copenhagen; the window ends a quarter later.
    assert "Too many failed attempts for this user. Try again after 09:15" in html
    assert reply.headers["Retry-After"] == str(15 * 60 + 1)


def test_a_locked_account_refuses_even_the_right_password(client, world, clock):
    fail(client, times=5)
    clock.advance(minutes=14)
    reply = sign_in_from(client, "anna", TEST_PASSWORD, address="198.51.100.7")
    assert reply.status_code == 429


def test_a_locked_account_opens_again_when_the_window_ends(client, world, clock):
    fail(client, times=5)
    clock.advance(minutes=15)
    assert sign_in_from(client, "anna", TEST_PASSWORD).status_code == 302


def test_the_lockout_is_recorded_once_with_the_failure_that_caused_it(client, world, clock):
    fail(client, times=7)
    details = [json.loads(e.detail) for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert len(details) == 5
    assert [d.get("locked_out") for d in details] == [None, None, None, None, "account"]


def test_an_unknown_user_name_is_locked_out_like_a_real_one(client, world, clock):
    reply = fail(client, "nobody", times=5)
    assert reply.status_code == 429
    assert "Too many failed attempts for this user" in reply.get_data(as_text=True)


def test_twenty_failures_from_one_client_lock_out_that_client(client, world, bo, clock):
    for number in range(20):
        fail(client, f"guess{number}")
    reply = sign_in_from(client, "bo", TEST_PASSWORD)
    assert reply.status_code == 429
    assert "Too many failed attempts from this device" in reply.get_data(as_text=True)


def test_a_client_locked_out_does_not_lock_out_other_clients(app, client, world, clock):
    for number in range(20):
        fail(client, f"guess{number}")
    assert sign_in_from(app.test_client(), "anna", TEST_PASSWORD, "203.0.113.5").status_code == 302


def test_a_sign_in_does_not_reset_another_accounts_lockout(app, client, world, bo, clock):
    fail(client, "bo", times=5)
    assert sign_in_from(app.test_client(), "anna", TEST_PASSWORD).status_code == 302
    assert sign_in_from(app.test_client(), "bo", TEST_PASSWORD).status_code == 429


def test_a_sign_in_does_not_reset_the_clients_count(app, client, world, bo, clock):
    for number in range(19):
        fail(client, f"guess{number}")
    assert sign_in_from(client, "anna", TEST_PASSWORD).status_code == 302
    assert fail(client, "someone").status_code == 429


def test_a_sign_in_forgives_the_accounts_earlier_typos(client, world, clock):
    fail(client, times=4)
    sign_in_from(client, "anna", TEST_PASSWORD)
    assert fail(client, times=4).status_code == 422


def test_the_counters_hold_neither_the_client_address_nor_the_user_name(client, world, clock):
    fail(client, "anna", address="192.0.2.10")
    keys = " ".join(counter.key for counter in RateCounter.select())
    assert RateCounter.select().count() == 2
    assert "192.0.2.10" not in keys and "anna" not in keys


def test_the_signed_in_tablet_helper_still_works(client, world):
    tablet = Tablet(client)
    assert tablet.sign_in("anna").status_code == 302
    assert tablet.get(f"/wards/{world.ward.id}").status_code == 200


def test_behind_a_trusted_proxy_the_client_is_the_forwarded_address(app_config, clock):
    from survey import create_app
    from survey.db import db
    from tests.conftest import migrate_database

    migrate_database(app_config["DATABASE_URL"])
    app = create_app({**app_config, "TRUSTED_PROXIES": 1})
    try:
        proxied = app.test_client()
        for number in range(20):
            proxied.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.10"
            fail(proxied, f"guess{number}", address="10.0.0.1")
        proxied.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
        assert fail(proxied, "someone", address="10.0.0.1").status_code == 422
    finally:
        db.close_all()
