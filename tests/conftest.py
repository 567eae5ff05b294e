"""Fixtures: a fresh real database per test (SQLite file, or PostgreSQL when
SURVEY_DATABASE_URL says so), the app on it, and helpers that act like a tablet."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Read before the autouse fixture clears every SURVEY_* variable for the tests.
POSTGRES_URL = os.environ.get("SURVEY_DATABASE_URL", "")
if POSTGRES_URL and not POSTGRES_URL.startswith("postgres"):
    POSTGRES_URL = ""

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("SURVEY_"):
            monkeypatch.delenv(key)


def _fresh_postgres_schema(url: str) -> str:
    """Empty this test process's own schema and return a URL that works in it (a schema
    per process lets two test runs share one PostgreSQL database)."""
    from bench.harness import fresh_postgres_schema

    return fresh_postgres_schema(url, f"test_{os.getpid()}")


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema_at_the_end() -> Iterator[None]:
    yield
    if POSTGRES_URL:
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "test_{os.getpid()}" CASCADE')


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or a fresh PostgreSQL schema."""
    if POSTGRES_URL:
        return _fresh_postgres_schema(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'survey.db'}"


def migrate_database(url: str) -> None:
    """Apply every migration to the database at ``url``, as `survey migrate` does."""
    from survey.db import db, make_database
    from survey.migrate import apply_migrations

    db.initialize(make_database(url))
    with db.connection_context():
        apply_migrations()
    db.close_all()


@pytest.fixture
def app_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        # A frozen questionnaire, so flow tests do not move when the shipped ones change.
        "QUESTIONNAIRE_DIR": str(PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires"),
    }


def with_relatives_questionnaire(app_config: dict, tmp_path: Path) -> dict:
    """The settings with the frozen dialogue and the frozen relatives' questionnaire side
    by side (for tests that visit both the tablet's and a relative's pages)."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for source in [PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires" / "min-hverdag.toml",
                   PROJECT_DIR / "tests" / "fixtures" / "relatives_questionnaires" / "paaroerende.toml"]:
        shutil.copy(source, folder / source.name)
    return {**app_config, "QUESTIONNAIRE_DIR": str(folder)}


@pytest.fixture
def app(app_config: dict) -> Iterator:
    """The app on a migrated database, start-up checks included.

    No app context stays pushed: each test-client request gets its own, as in a
    real server (a shared one would share ``g`` between requests). Tests use the
    models directly; the database connects on first use.
    """
    from survey import create_app
    from survey.db import db

    migrate_database(app_config["DATABASE_URL"])
    application = create_app(app_config)
    yield application
    db.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_in(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Tablet:
    """A staff member's browser, as the test client: signs in and posts with a token."""

    def __init__(self, client, language: str = "en"):
        self.client = client
        # Tests read the English interface; Danish is tested on its own.
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        self.token = ""

    def sign_in(self, username: str, password: str = TEST_PASSWORD):
        page = self.client.get("/login")
        reply = self.client.post(
            "/login",
            data={"csrf_token": csrf_token_in(page.get_data(as_text=True)),
                  "username": username, "password": password},
        )
        # Signing in starts a new session, and with it a new CSRF token.
        self.token = csrf_token_in(self.client.get("/login").get_data(as_text=True))
        return reply

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(
            url, data={"csrf_token": self.token, **(data or {})}, headers=headers, **kwargs
        )


@pytest.fixture
def tablet(client) -> Tablet:
    return Tablet(client)


@pytest.fixture
def world(app):
    """A site with two wards, a care worker on the first, and residents on both."""
    from survey.models import Resident, Site, Ward
    from survey.users import create_user

    site = Site.create(name="Solhaven")
    ward = Ward.create(site=site, name="Hus A")
    other_ward = Ward.create(site=site, name="Hus B")
    worker = create_user("anna", "Anna", TEST_PASSWORD, ["staff"], [ward.id])
    resident = Resident.create(ward=ward, label="Stue 1 · Karen")
    other_resident = Resident.create(ward=other_ward, label="Stue 11 · Inge")
    return type("World", (), {
        "site": site, "ward": ward, "other_ward": other_ward, "worker": worker,
        "resident": resident, "other_resident": other_resident,
    })


@pytest.fixture
def signed_in(tablet: Tablet, world) -> Tablet:
    response = tablet.sign_in("anna")
    assert response.status_code == 302
    return tablet


@pytest.fixture
def min_hverdag(app):
    from survey.models import Questionnaire

    return Questionnaire.get(Questionnaire.code == "min-hverdag", Questionnaire.current == True)  # noqa: E712


@pytest.fixture
def personale(app):
    """The frozen staff pulse in use beside the frozen dialogue (the app loads only that)."""
    from survey.models import Questionnaire
    from survey.questionnaire.format import load_file
    from survey.questionnaire.store import sync

    fixtures = PROJECT_DIR / "tests" / "fixtures"
    sync([load_file(fixtures / "app_questionnaires" / "min-hverdag.toml")[0],
          load_file(fixtures / "relatives_questionnaires" / "personale.toml")[0]])
    return Questionnaire.get(Questionnaire.code == "personale", Questionnaire.current == True)  # noqa: E712


@pytest.fixture
def start_dialogue(signed_in: Tablet, world, min_hverdag):
    """Start a dialogue with the world's resident; return its Response."""
    from survey.models import Response

    def start(answered_by: str = "resident", language: str = "da"):
        url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
        reply = signed_in.post(url, {"questionnaire": min_hverdag.id,
                                     "answered_by": answered_by, "language": language})
        assert reply.status_code == 303, reply.get_data(as_text=True)
        return Response.select().order_by(Response.id.desc()).get()

    return start


# --- Time, and the locked ward tablet (sessions, idle lock, PINs) ----------------------


class Clock:
    """The app's clock (``survey.models.utcnow``), moved on by the test, never by sleeping."""

    def __init__(self):
        import datetime as dt

        self.now = dt.datetime(2026, 3, 2, 8, 0, 0)

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        import datetime as dt

        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    import survey.models

    fake = Clock()
    monkeypatch.setattr(survey.models, "utcnow", fake)
    return fake


def unlock(tablet: Tablet, username: str = "anna", code: str = TEST_PASSWORD):
    """Unlock a locked tablet as the user (PIN or password); re-read the new CSRF token."""
    from survey.models import User

    page = tablet.get("/lock")
    user = User.get(User.username == username)
    reply = tablet.client.post("/lock", data={
        "csrf_token": csrf_token_in(page.get_data(as_text=True)),
        "user": user.id, "code": code})
    # Unlocking starts a new session, and with it a new CSRF token.
    tablet.token = csrf_token_in(tablet.client.get("/login").get_data(as_text=True))
    return reply
