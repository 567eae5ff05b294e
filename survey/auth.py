"""Who is signed in: credentials within rate limits, the server-side session, the tablet
lock, and the checks views use.

On each request ``load_user`` sets ``g.user`` (None unless signed in and unlocked),
``g.user_session`` (the live session row, locked or not) and ``g.tablet_locked``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, flash, g, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from peewee import SQL, fn
from werkzeug.security import check_password_hash, generate_password_hash

from . import models, ratelimit, sessions
from .assets import FILE_ENDPOINTS
from .audit import record
from .models import Role, User, UserSession, UserWard, Ward

#: A personal PIN for switching user on a ward tablet: 4 to 6 digits.
PIN_PATTERN = re.compile(r"[0-9]{4,6}")


def hash_password(password: str) -> str:
    """Hash a password (or PIN) with scrypt (werkzeug's default), slow on purpose."""
    return generate_password_hash(password)


_UNUSED_HASH: list[str] = []


def _spend_the_same_time(password: str) -> None:
    """Check against a throw-away hash, so an unknown user name answers as slowly."""
    if not _UNUSED_HASH:
        _UNUSED_HASH.append(hash_password("not a password"))
    check_password_hash(_UNUSED_HASH[0], password)


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None (no rate limit: see below)."""
    user = User.get_or_none(User.username == username.strip().lower(), User.active == True)  # noqa: E712
    if user is None:
        _spend_the_same_time(password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


# --- Rate limits on failed attempts ----------------------------------------------------


class LockedOut(Exception):
    """Too many failed attempts: refused until ``until`` (UTC)."""

    def __init__(self, until: dt.datetime, scope: str):
        super().__init__(scope)
        self.until = until
        self.scope = scope

    def message(self) -> str:
        """Say plainly why, and when to try again (in local time)."""
        if self.scope == "pin":
            return _("Too many wrong PINs today. Unlock with your password instead.")
        when = format_time(self.until, "HH:mm")  # 24-hour clock, as in Denmark
        if self.scope == "client":
            return _("Too many failed attempts from this device. Try again after %(time)s.",
                     time=when)
        return _("Too many failed attempts for this user. Try again after %(time)s.", time=when)

    def retry_after(self) -> int:
        """Seconds until the next attempt may succeed (for the Retry-After header)."""
        return max(1, int((self.until - models.utcnow()).total_seconds()) + 1)


def _limits(username: str) -> list[ratelimit.Limit]:
    """The account's and the client's limits (the account's first)."""
    config = current_app.config
    window = config["LOGIN_WINDOW_SECONDS"]
    return [
        ratelimit.Limit(ratelimit.pseudonym("account", username), config["LOGIN_ACCOUNT_LIMIT"],
                        window),
        ratelimit.Limit(ratelimit.pseudonym("client", request.remote_addr or "-"),
                        config["LOGIN_CLIENT_LIMIT"], window),
    ]


def _pin_limit(user: User) -> ratelimit.Limit:
    return ratelimit.Limit(ratelimit.pseudonym("pin", str(user.id)),
                           current_app.config["PIN_DAILY_LIMIT"], 24 * 60 * 60)


_SCOPES = ("account", "client", "pin")


def _refuse_if_blocked(limits: list[ratelimit.Limit]) -> None:
    for limit, scope in zip(limits, _SCOPES, strict=False):
        until = ratelimit.blocked_until(limit)
        if until is not None:
            raise LockedOut(until, scope)


def _failed(username: str, limits: list[ratelimit.Limit], method: str, account: User | None):
    """Count and audit a failed attempt (never the password); refuse if now locked out."""
    for limit in limits:
        ratelimit.hit(limit)
    detail = {"username": username, "method": method}
    locked = None
    try:
        _refuse_if_blocked(limits)
    except LockedOut as error:
        locked = error
        detail["locked_out"] = error.scope
    acting = g.get("user")
    g.user = None  # a failed attempt is nobody's action, even on a signed-in screen
    try:
        record("sign_in_failed", user=account, detail=detail)
    finally:
        g.user = acting
    if locked is not None:
        raise locked


def attempt_sign_in(username: str, password: str) -> User | None:
    """Check a user name and password within the rate limits (LockedOut when over them)."""
    username = username.strip().lower()
    limits = _limits(username)
    _refuse_if_blocked(limits)
    user = authenticate(username, password)
    if user is None:
        account = User.get_or_none(User.username == username)
        _failed(username, limits, "password", account)
        return None
    # Only this account's count starts again: the client's stays (one good account
    # must not let a client keep guessing others).
    ratelimit.reset(limits[0])
    return user


def attempt_unlock(user: User, code: str) -> str | None:
    """Check the user's PIN (or password); return "pin" or "password" if right, else None."""
    uses_pin = bool(user.pin_hash) and PIN_PATTERN.fullmatch(code) is not None
    limits = _limits(user.username) + ([_pin_limit(user)] if uses_pin else [])
    _refuse_if_blocked(limits)
    stored = user.pin_hash if uses_pin else user.password_hash
    method = "pin" if uses_pin else "password"
    if user.active and check_password_hash(stored, code):
        ratelimit.reset(limits[0])
        return method
    _failed(user.username, limits, method, user)
    return None


# --- The session -----------------------------------------------------------------------


def sign_in(user: User) -> None:
    """Start a fresh session for the user (nothing from before sign-in carries over)."""
    if g.get("user_session") is not None:
        sessions.end(g.user_session)
    wards = user.wards()
    _enter(sessions.start(user, wards[0] if len(wards) == 1 else None))
    record("sign_in", user=user, detail={"method": "password"})


def sign_out() -> None:
    """End the session on the server and empty the cookie."""
    row = g.get("user_session")
    if row is not None:
        sessions.end(row)
        record("sign_out", user=row.user)
    sessions.forget()
    g.user, g.user_session, g.tablet_locked = None, None, False


def _enter(row: UserSession) -> None:
    g.user, g.user_session, g.tablet_locked = row.user, row, False


def lock_tablet() -> None:
    """Lock the screen: the tablet stays on its ward, nobody is signed in until a PIN."""
    row = g.get("user_session")
    if row is None or g.get("tablet_locked"):
        return
    sessions.end(row)
    g.user_session = sessions.start(row.user, row.ward, locked=True,
                                    started_at=row.created_at, fresh_cookie=False)
    g.user, g.tablet_locked = None, True


def unlock(user: User, method: str) -> None:
    """Open the locked tablet for this member of staff, on the same ward.

    A PIN continues the tablet's session (its absolute lifetime runs on); a password
    starts it anew.
    """
    row = g.user_session
    sessions.end(row)
    started_at = row.created_at if method == "pin" else None
    ward = row.ward if row.ward_id is not None and user.works_on(row.ward) else None
    _enter(sessions.start(user, ward, started_at=started_at))
    record("sign_in", user=user, detail={"method": method, "unlock": True})


def unlock_candidates() -> list[User]:
    """Who may unlock this tablet: the staff of its ward, and whoever locked it."""
    row = g.user_session
    people: dict[int, User] = {}
    if row.ward_id is not None:
        for user in (User.select().join(UserWard)
                     .where(UserWard.ward == row.ward_id, User.active == True)):  # noqa: E712
            if user.has_role(Role.STAFF):
                people[user.id] = user
    if row.user.active:
        people.setdefault(row.user_id, row.user)
    return sorted(people.values(), key=lambda user: (user.display_name.lower(), user.id))


def load_user() -> None:
    """Check the session and put the signed-in user, if any, on ``g.user`` (each request).

    An ended, replayed or expired session signs nobody in; a session idle for longer
    than IDLE_LOCK_SECONDS locks the screen.
    """
    g.user, g.user_session, g.tablet_locked = None, None, False
    if request.endpoint in FILE_ENDPOINTS:
        return
    row = sessions.current()
    if row is None:
        if sessions.TOKEN_KEY in session:
            sessions.forget()
        return
    config = current_app.config
    age = models.utcnow() - row.created_at
    if not row.user.active or age >= dt.timedelta(seconds=config["SESSION_ABSOLUTE_SECONDS"]):
        sessions.end(row)
        sessions.forget()
        flash(_("Your session has ended. Please sign in again."))
        return
    g.user_session = row
    if sessions.is_locked():
        g.tablet_locked = True
        return
    idle = config["IDLE_LOCK_SECONDS"]
    # last_seen_at may lag by one touch interval: allow for it, never lock early.
    allowed = dt.timedelta(seconds=idle + sessions.touch_interval(idle))
    if models.utcnow() - row.last_seen_at > allowed:
        lock_tablet()
        return
    sessions.touch(row, idle)
    g.user = row.user


# --- Checks for views ------------------------------------------------------------------


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in to the sign-in page (then back), or to the
    lock screen when the tablet is locked."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            from .views.rendering import redirect_to

            if g.get("tablet_locked"):
                return redirect_to(url_for("auth.lock"))
            return redirect_to(url_for("auth.login", next=_return_path()))
        return view(*args, **kwargs)

    return wrapped


def require_role(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let in only signed-in users holding one of the roles; refuse others with 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not any(g.user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)

    return decorate


def _return_path() -> str:
    """Where to come back to after signing in: the page itself, not a form post."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return request.headers.get("HX-Current-URL") or url_for("dialogue.index")


def require_ward(ward: Ward) -> None:
    """Refuse (404) a ward the signed-in user does not work on."""
    if not g.user.works_on(ward):
        abort(404)


def require_staff() -> None:
    """Refuse (403) a signed-in user without the staff role."""
    if not g.user.has_role(Role.STAFF):
        abort(403)


def works_on(user_id: Any, ward_column: Any) -> Any:
    """A query condition: the ward in ``ward_column`` is one the user works on.

    For a view that looks a row up and checks its ward in the same query (a save's path);
    a row that fails it is refused as not found, as ``require_ward`` does.
    """
    return fn.EXISTS(UserWard.select(SQL("1")).where(UserWard.user == user_id,
                                                     UserWard.ward == ward_column))


def note_tablet_ward(ward: Ward) -> None:
    """The ward becomes the one the tablet works on: its lock screen lists that ward's staff."""
    if g.get("user_session") is not None:
        sessions.note_ward(g.user_session, ward)
