"""Settings: defaults, then instance/config.py, then SURVEY_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

#: The key Flask signs sessions with; refused outside testing.
DEFAULT_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    """Settings every installation starts from."""

    SECRET_KEY = DEFAULT_SECRET_KEY
    DATABASE_URL = "sqlite:///instance/survey.db"
    QUESTIONNAIRE_DIR = str(PROJECT_DIR / "questionnaires")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_DIR / "translations")
    #: Interface languages staff can choose between.
    LANGUAGES = ("da", "en", "ar", "pl", "tr", "uk")
    #: A dialogue form may stay open for a whole shift: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Send the session cookie over HTTPS only: set SURVEY_SESSION_COOKIE_SECURE=1 in
    #: production (off by default so that http://127.0.0.1 works).
    SESSION_COOKIE_SECURE = False
    #: A signed-in tablet stays signed in for one shift, however active (absolute lifetime).
    SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_SECONDS
    #: The cookie is sent again only when it changes (sign-in, lock, unlock, language):
    #: the server ends a session at its absolute lifetime anyway, and a cookie re-signed
    #: on every answer cost each save a signature and ~150 bytes.
    SESSION_REFRESH_EACH_REQUEST = False
    #: The tablet screen locks after this long without a tap or a key.
    IDLE_LOCK_SECONDS = 5 * 60
    #: Failed sign-ins (password or PIN) allowed per account, and per client, in a window.
    LOGIN_ACCOUNT_LIMIT = 5
    LOGIN_CLIENT_LIMIT = 20
    LOGIN_WINDOW_SECONDS = 15 * 60
    #: Failed PINs allowed per account in a day; then only the password unlocks.
    PIN_DAILY_LIMIT = 10
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host to trust:
    #: the client address (rate limits) and HTTPS (Secure cookies) come from them.
    TRUSTED_PROXIES = 0
    #: Any aggregate built on fewer valid answers than this is suppressed (pages, charts, files).
    SUPPRESSION_MIN_N = 5
    #: Days after a resident's discharge before `survey purge` removes what identifies
    #: them (label, free text, agreed actions); the coded answers stay. Two years: the
    #: quality council compares a year with the year before (see docs/privacy.md).
    RETENTION_DAYS = 2 * 365
    #: Check the database settings, the schema and the questionnaire files at start-up.
    STARTUP_CHECKS = True


def _typed(key: str, value: str) -> object:
    """Read a setting whose default is a number or a switch as one ("0" is off)."""
    default = getattr(Defaults, key, None)
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    return value


def refuse_default_secret_key(app: Flask) -> None:
    """Raise unless the app has a secret key of its own (the default is for tests only)."""
    if not app.testing and app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise RuntimeError("Set SURVEY_SECRET_KEY: the default key is for tests only.")


def secret_key(app: Flask) -> bytes:
    """The app's secret key as bytes for an HMAC, refused while it is the default."""
    refuse_default_secret_key(app)
    return app.config["SECRET_KEY"].encode()


def from_environment() -> dict[str, object]:
    """Return the SURVEY_* environment variables as settings without the prefix."""
    return {
        key.removeprefix("SURVEY_"): _typed(key.removeprefix("SURVEY_"), value)
        for key, value in os.environ.items()
        if key.startswith("SURVEY_")
    }
