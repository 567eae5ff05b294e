"""Rate limits on failed sign-ins, counted in the database so every server process agrees.

A limit counts hits per key in fixed windows (15 minutes from the hour, say). Once a key
reaches its limit, it stays blocked for the rest of the window. Keys never hold a client
address or a tried user name in clear: both are HMAC-ed with the app's secret key (a
plain hash of an IPv4 address is undone by trying all four billion).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from peewee import fn

from . import models
from .config import secret_key
from .models import RateCounter


@dataclass(frozen=True)
class Limit:
    """At most ``allowed`` hits on ``key`` per window of ``window_seconds``."""

    key: str
    allowed: int
    window_seconds: int

    def window_start(self, now: dt.datetime) -> dt.datetime:
        seconds = int(now.replace(tzinfo=dt.UTC).timestamp())
        start = seconds - seconds % self.window_seconds
        return dt.datetime.fromtimestamp(start, dt.UTC).replace(tzinfo=None)


def pseudonym(kind: str, value: str) -> str:
    """Return a key for a client address or user name that does not reveal it."""
    secret = secret_key(current_app)
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


def hit(limit: Limit) -> int:
    """Count one hit in the current window (an upsert, safe between processes)."""
    start = limit.window_start(models.utcnow())
    # Earlier windows of this key are of no use any more (the index makes this cheap).
    RateCounter.delete().where(
        RateCounter.key == limit.key, RateCounter.window_start < start
    ).execute()
    (
        RateCounter.insert(key=limit.key, window_start=start, count=1)
        .on_conflict(
            conflict_target=[RateCounter.key, RateCounter.window_start],
            update={RateCounter.count: RateCounter.count + 1},
        )
        .execute()
    )
    return count(limit)


def count(limit: Limit) -> int:
    """Return the hits on the key in the current window."""
    start = limit.window_start(models.utcnow())
    found = (
        RateCounter.select(fn.COALESCE(fn.SUM(RateCounter.count), 0))
        .where(RateCounter.key == limit.key, RateCounter.window_start == start)
        .scalar()
    )
    return int(found or 0)


def blocked_until(limit: Limit) -> dt.datetime | None:
    """Return when the key may try again, if it has used up its window; else None."""
    if count(limit) < limit.allowed:
        return None
    return limit.window_start(models.utcnow()) + dt.timedelta(seconds=limit.window_seconds)


def reset(limit: Limit) -> None:
    """Forget the key's hits in the current window (after a successful sign-in)."""
    start = limit.window_start(models.utcnow())
    RateCounter.delete().where(
        RateCounter.key == limit.key, RateCounter.window_start == start
    ).execute()


def purge_before(moment: dt.datetime) -> int:
    """Delete counters of windows that started before the moment; return how many."""
    return RateCounter.delete().where(RateCounter.window_start < moment).execute()
