"""Keeping relatives' links secret and unguessable in practice.

- Failed lookups (a token that is malformed or opens nothing) are counted per client in
  the database (survey.ratelimit), so every worker process shares one count; a client
  that reaches the limit is refused (429) for the rest of the window, and the burst is
  logged once. Only failures count: a relative answering 16 questions makes some 40
  requests with a good link and must never be stopped. The keys are our own
  ("relatives-client:"), apart from the staff sign-in keys: nothing here can lift (or
  set) a staff lockout.
- Access logs (werkzeug's, gunicorn's) and the app's own log show ``/r/<masked>``
  instead of a token: a log file must not be a list of working links.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from flask import current_app, request

from .. import models, ratelimit

log = logging.getLogger("survey.relatives")

#: Failed lookups a client may make per window before it is refused.
DEFAULT_FAILED_LOOKUP_LIMIT = 20
DEFAULT_WINDOW_SECONDS = 900

#: A relatives' link in a log line: the path after /r/ up to a space, '?', '/' or quote.
TOKEN_IN_PATH = re.compile(r"/r/[^\s?/\"']+")
MASK = "/r/<masked>"


def client_limit() -> ratelimit.Limit:
    """The failed-lookup limit of the client making this request."""
    config = current_app.config
    return ratelimit.Limit(
        key=ratelimit.pseudonym("relatives-client", request.remote_addr or "unknown"),
        allowed=int(config.get("RELATIVES_FAILED_LOOKUP_LIMIT", DEFAULT_FAILED_LOOKUP_LIMIT)),
        window_seconds=int(config.get("RELATIVES_LOOKUP_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)),
    )


def blocked_until() -> dt.datetime | None:
    """When this client may look up links again, if it has used up its failures."""
    return ratelimit.blocked_until(client_limit())


def retry_after(until: dt.datetime) -> int:
    """Seconds until the block ends (at least one)."""
    return max(1, int((until - models.utcnow()).total_seconds()))


def failed_lookup() -> None:
    """Count a failed lookup; log the burst when the client reaches the limit."""
    limit = client_limit()
    count = ratelimit.hit(limit)
    if count == limit.allowed:
        # The key is a keyed hash: the log says which client, not its address.
        log.warning("relatives' links: %s failed lookups from client %s; refused until the "
                    "window ends", count, limit.key)


class MaskTokens(logging.Filter):
    """Rewrite a log record so that no relatives' token appears in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's business, not ours
            return True
        if "/r/" in message:
            record.msg = TOKEN_IN_PATH.sub(MASK, message)
            record.args = None
        return True


#: Loggers that write request paths: the development server, gunicorn, the app.
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "survey")


def install_log_filter(app_logger: logging.Logger | None = None) -> None:
    """Mask tokens in every logger that writes request paths (once per logger)."""
    loggers = [logging.getLogger(name) for name in LOGGERS]
    if app_logger is not None:
        loggers.append(app_logger)
    for logger in loggers:
        if not any(isinstance(existing, MaskTokens) for existing in logger.filters):
            logger.addFilter(MaskTokens())
