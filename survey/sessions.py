"""Server-side sessions: the cookie carries a random token, the database only its SHA-256.

Flask's signed cookie holds the token and whether the tablet is locked. Each token is
issued together with its lock state and is replaced whenever that state or the person
changes (sign-in, lock, unlock): so an old cookie replayed later finds its row ended
and signs nobody in, and a locked screen cannot be unlocked by sending an older cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from . import models
from .models import User, UserSession, Ward
from .prepared import Prepared

#: Session keys: the token, and whether it was issued for a locked screen.
TOKEN_KEY = "sid"
LOCKED_KEY = "locked"
#: The interface language chosen on this device (see survey.select_locale).
LANGUAGE_KEY = "ui_language"

#: Write ``last_seen_at`` at most this often; the idle check allows for it (see below).
MAX_TOUCH_INTERVAL_SECONDS = 30


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure when configured or when served over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config["SESSION_COOKIE_SECURE"]:
            return True
        return has_request_context() and request.is_secure


def token_hash(token: str) -> str:
    """Return the SHA-256 of a session token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def touch_interval(idle_seconds: int) -> int:
    """How stale ``last_seen_at`` may be: a tenth of the idle time, at most 30 s.

    Writing it on every request would add a commit to every saved answer.
    """
    return max(1, min(MAX_TOUCH_INTERVAL_SECONDS, idle_seconds // 10))


def current() -> UserSession | None:
    """Return the live session row the cookie's token points at, if any."""
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    return _LIVE_SESSION.first(token_hash(token))


# Every request asks, so its SQL is built once (see prepared.py).
_LIVE_SESSION = Prepared(
    lambda hashed: UserSession.select(UserSession, User).join(User)
    .where(UserSession.token_hash == hashed, UserSession.ended_at.is_null()).limit(1)
)


def is_locked() -> bool:
    """Tell whether the cookie's token was issued for a locked screen."""
    return bool(session.get(LOCKED_KEY))


def start(
    user: User,
    ward: Ward | None,
    *,
    locked: bool = False,
    started_at: dt.datetime | None = None,
    fresh_cookie: bool = True,
) -> UserSession:
    """Issue a new token for the user and store its hash.

    ``fresh_cookie`` empties the cookie first (a new CSRF token with it), as at every
    sign-in, keeping only the tablet's interface language; ``started_at`` carries the
    absolute lifetime over from an earlier token.
    """
    if fresh_cookie:
        language = session.get(LANGUAGE_KEY)
        session.clear()
        if language:
            session[LANGUAGE_KEY] = language
    token = secrets.token_urlsafe(32)
    now = models.utcnow()
    row = UserSession.create(
        token_hash=token_hash(token), user=user, ward=ward,
        created_at=started_at or now, last_seen_at=now,
    )
    session.permanent = True
    session[TOKEN_KEY] = token
    session[LOCKED_KEY] = locked
    return row


def end(row: UserSession) -> None:
    """End the session on the server: its token no longer signs anyone in."""
    UserSession.update(ended_at=models.utcnow()).where(
        UserSession.id == row.id, UserSession.ended_at.is_null()
    ).execute()


def forget() -> None:
    """Empty the cookie."""
    session.clear()


def touch(row: UserSession, idle_seconds: int) -> None:
    """Note that the session was used now (at most once per touch interval)."""
    now = models.utcnow()
    if now - row.last_seen_at >= dt.timedelta(seconds=touch_interval(idle_seconds)):
        UserSession.update(last_seen_at=now).where(UserSession.id == row.id).execute()
        row.last_seen_at = now


def note_ward(row: UserSession, ward: Ward) -> None:
    """Remember the ward the tablet works on: its lock screen lists that ward's staff."""
    if row.ward_id != ward.id:
        UserSession.update(ward=ward).where(UserSession.id == row.id).execute()
        row.ward = ward


def purge_ended_before(moment: dt.datetime) -> int:
    """Delete sessions that ended (or were last used) before the moment; return how many."""
    return UserSession.delete().where(
        (UserSession.ended_at < moment) | (UserSession.last_seen_at < moment)
    ).execute()
