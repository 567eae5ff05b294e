"""Relatives' links: unguessable, never stored or logged in clear, guessing rate-limited."""

from __future__ import annotations

import base64
import logging

from survey.db import db
from survey.models import MODELS, Invitation, RateCounter
from survey.relatives import guard
from tests import relatives_support
from tests.conftest import TEST_PASSWORD

app_config, make_wave, phone = (relatives_support.app_config, relatives_support.make_wave,
                                relatives_support.phone)
UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA"


def _all_stored_text() -> str:
    """Every value of every table, as text."""
    parts = []
    for model in MODELS:
        for row in model.select().tuples():
            parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_tokens_carry_at_least_128_bits(make_wave):
    _wave, tokens, posters = make_wave()
    for token in tokens + posters:
        assert len(base64.urlsafe_b64decode(token + "==")) * 8 >= 128
    assert len(set(tokens + posters)) == len(tokens + posters)


def test_tokens_are_not_stored_in_clear(make_wave, phone):
    _wave, tokens, posters = make_wave()
    phone.start(f"/r/{tokens[0]}")
    stored = _all_stored_text()
    assert not [token for token in tokens + posters if token in stored]
    assert Invitation.select().count() == 2 * 3 + 2


def test_printing_again_gives_the_same_links(app, make_wave):
    from survey.relatives.waves import letters

    wave, tokens, _posters = make_wave()
    with app.app_context():
        assert [letter.token for letter in letters(wave)] == tokens


def test_a_changed_secret_key_refuses_to_reprint_rather_than_print_dead_links(app, make_wave):
    import pytest

    from survey.relatives.waves import TokensChanged, letters

    wave, _tokens, _posters = make_wave()
    app.config["SECRET_KEY"] = "another-secret"
    with app.app_context(), pytest.raises(TokensChanged):
        letters(wave)


def test_letters_are_not_derived_from_the_default_key_outside_tests(app):
    # A command app starts without the key check (checking files needs no key); a letter
    # derived from the public default key would be guessable, so deriving one refuses.
    import pytest

    from survey.config import DEFAULT_SECRET_KEY
    from survey.relatives.tokens import derive

    app.config.update(TESTING=False, SECRET_KEY=DEFAULT_SECRET_KEY)
    with app.app_context(), pytest.raises(RuntimeError, match="SURVEY_SECRET_KEY"):
        derive("salt", 1, 1, open_link=False)


def test_guessing_is_refused_after_the_limit(phone, make_wave):
    _wave, tokens, _posters = make_wave()
    replies = [phone.open(f"/r/{UNKNOWN[:-2]}{n:02d}").status_code
               for n in range(guard.DEFAULT_FAILED_LOOKUP_LIMIT + 1)]
    assert replies[:guard.DEFAULT_FAILED_LOOKUP_LIMIT] == [404] * guard.DEFAULT_FAILED_LOOKUP_LIMIT
    assert replies[-1] == 429
    blocked = phone.open(f"/r/{tokens[0]}")  # a real link from the guessing client waits too
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_a_burst_of_guesses_is_logged_once_without_the_address(phone, make_wave, caplog):
    make_wave()
    with caplog.at_level(logging.WARNING, logger="survey.relatives"):
        for n in range(guard.DEFAULT_FAILED_LOOKUP_LIMIT + 3):
            phone.open(f"/r/{UNKNOWN[:-2]}{n:02d}")
    warnings = [r for r in caplog.records if r.name == "survey.relatives"]
    assert len(warnings) == 1
    assert "127.0.0.1" not in warnings[0].getMessage()


def test_other_clients_are_served_while_one_is_refused(app, make_wave):
    _wave, tokens, _posters = make_wave()
    guesser = relatives_support.Phone(app.test_client())
    for n in range(guard.DEFAULT_FAILED_LOOKUP_LIMIT):
        guesser.open(f"/r/{UNKNOWN[:-2]}{n:02d}")
    relative = relatives_support.Phone(app.test_client())
    relative.client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert relative.open(f"/r/{tokens[0]}").status_code == 200


def test_the_failure_count_is_shared_through_the_database(phone, make_wave):
    make_wave()
    phone.open(f"/r/{UNKNOWN}")
    with db.connection_context():
        counters = list(RateCounter.select())
    assert [(c.key.split(":")[0], c.count) for c in counters] == [("relatives-client", 1)]


def test_a_valid_link_does_not_lift_a_staff_sign_in_lockout(app, make_wave, tablet, world):
    _wave, tokens, _posters = make_wave()
    for _ in range(5):
        tablet.sign_in("anna", "wrong password")
    relatives_support.Phone(app.test_client()).open(f"/r/{tokens[0]}")
    assert tablet.sign_in("anna", TEST_PASSWORD).status_code != 302


def test_tokens_are_masked_in_access_logs(app, caplog, make_wave):
    _wave, tokens, _posters = make_wave()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('%s - - [x] "%s" %s -', "127.0.0.1",
                                           f"GET /r/{tokens[0]}/q/pa_info HTTP/1.1", 200)
    assert tokens[0] not in caplog.text
    assert "/r/<masked>/q/pa_info" in caplog.text


def test_tokens_are_masked_in_gunicorn_access_logs(app, caplog, make_wave):
    _wave, tokens, _posters = make_wave()
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logging.getLogger("gunicorn.access").info('%(h)s "%(r)s"', {
            "h": "127.0.0.1", "r": f"GET /r/{tokens[0]} HTTP/1.1"})
    assert tokens[0] not in caplog.text


def test_the_guessing_limit_is_a_setting(app, make_wave, phone):
    make_wave()
    app.config["RELATIVES_FAILED_LOOKUP_LIMIT"] = "3"  # as read from SURVEY_* variables
    replies = [phone.open(f"/r/{UNKNOWN[:-1]}{n}").status_code for n in range(4)]
    assert replies == [404, 404, 404, 429]
