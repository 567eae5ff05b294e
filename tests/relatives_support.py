"""Shared by the relatives' tests: an app that serves a frozen relatives' questionnaire
(and a frozen staff pulse, given out through the same ward posters),
a wave factory, and a phone that follows the links as a relative's browser does."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import PROJECT_DIR, csrf_token_in

RELATIVES_DIR = PROJECT_DIR / "tests" / "fixtures" / "relatives_questionnaires"


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The usual test app, serving the frozen relatives' questionnaire."""
    return {**app_config, "QUESTIONNAIRE_DIR": str(RELATIVES_DIR)}


@pytest.fixture
def make_wave(app, world):
    """Make a wave on the world's wards (open today); return it with its letters' tokens."""
    from survey import models
    from survey.relatives.waves import create_wave, letters

    def make(letters_per_ward: int = 3, posters: bool = True, opens_in_days: int = 0,
             days_open: int = 28, questionnaire_code: str = "paaroerende"):
        today = models.utcnow().date()  # the test's clock, if it has one
        opens = today + dt.timedelta(days=opens_in_days)
        with app.app_context():  # tokens are derived with the app's secret key
            wave = create_wave(questionnaire_code, "Spring", [world.ward, world.other_ward],
                               letters_per_ward, opens, opens + dt.timedelta(days=days_open),
                               posters, None)
            tokens = [letter.token for letter in letters(wave)]
            poster_tokens = [letter.token for letter in letters(wave, open_link=True)]
        return wave, tokens, poster_tokens

    return make


class Phone:
    """A relative's phone: the test client, English, following redirects as a browser does."""

    def __init__(self, client):
        self.client = client
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.token = ""

    def get(self, url: str, **kwargs):
        reply = self.client.get(url, **kwargs)
        text = reply.get_data(as_text=True)
        if 'name="csrf_token"' in text:
            self.token = csrf_token_in(text)
        return reply

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def open(self, link: str):
        """Open the link and follow redirects to the screen it leads to."""
        return self.get(link, follow_redirects=True)

    def start(self, link: str, language: str = "en"):
        self.open(link)
        return self.submit(link, {"language": language})

    def submit(self, url: str, data: dict):
        reply = self.post(url, data)
        if reply.status_code == 303:
            return self.get(reply.headers["Location"], follow_redirects=True)
        return reply

    def answer_current(self, reply, code: int = 2):
        """Answer the question on the screen; return the next screen."""
        action = re.search(r'<form method="post" action="([^"]+/q/[^"]+)"', reply.get_data(as_text=True))
        assert action, reply.get_data(as_text=True)[:500]
        url = action.group(1)
        page = reply.get_data(as_text=True)
        hidden = r'<input id="(request_id|revision)" name="\1" type="hidden" value="([^"]*)"'
        fields = dict(re.findall(hidden, page))
        if "field-input--text" in page:
            return self.submit(url, {**fields, "value": "Kind staff.", "action": "save"})
        return self.submit(url, {**fields, "value": str(code)})


@pytest.fixture
def phone(client) -> Phone:
    return Phone(client)
