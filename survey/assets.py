"""Our own scripts and stylesheets, served minified under a name that changes with them.

The source files in static/js and static/css keep their comments; what a tablet loads is
the minified text (rjsmin, rcssmin), about a quarter smaller gzipped, under a URL with a
hash of its content: browsers keep it for a year without asking again, and a new release
gets new URLs. Nothing is built ahead: each file is minified the first time it is asked
for, and again when it changes on disk.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass

import rcssmin
import rjsmin
from flask import Blueprint, abort, current_app, make_response, request, url_for
from werkzeug.security import safe_join

bp = Blueprint("assets", __name__, url_prefix="/assets")

#: Endpoints that serve files, not pages: no session, and browsers may cache them.
FILE_ENDPOINTS = frozenset({"static", "assets.asset"})

_MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}
_TYPES = {".js": "text/javascript", ".css": "text/css"}
_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class _Built:
    changed: int
    digest: str
    body: bytes


_built: dict[str, _Built] = {}
_lock = threading.Lock()


def _build(path: str) -> _Built:
    """The minified file at ``path`` (relative to static/), rebuilt when it changed.

    Raises FileNotFoundError for anything but one of our scripts or stylesheets.
    """
    extension = os.path.splitext(path)[1]
    source = safe_join(current_app.static_folder, path)
    if extension not in _MINIFIERS or source is None:
        raise FileNotFoundError(path)
    changed = os.stat(source).st_mtime_ns
    built = _built.get(path)
    if built is None or built.changed != changed:
        with open(source, encoding="utf-8") as file:
            body = _MINIFIERS[extension](file.read()).encode()
        built = _Built(changed, hashlib.sha256(body).hexdigest()[:12], body)
        with _lock:
            _built[path] = built
    return built


def asset_url(path: str) -> str:
    """The URL of our script or stylesheet at ``path`` (e.g. "js/app.js"), minified."""
    stem, extension = os.path.splitext(path)
    return url_for("assets.asset", name=f"{stem}.{_build(path).digest}{extension}")


@bp.get("/<path:name>")
def asset(name: str):
    """Serve a minified script or stylesheet by its hashed name; a stale hash is not found."""
    stem, extension = os.path.splitext(name)
    path, _, digest = stem.rpartition(".")
    try:
        built = _build(path + extension)
    except OSError:
        abort(404)
    if digest != built.digest:
        abort(404)
    reply = make_response(built.body)
    reply.mimetype = _TYPES[extension]
    reply.headers["Cache-Control"] = f"public, max-age={_YEAR}, immutable"
    reply.set_etag(built.digest)
    return reply.make_conditional(request)


def init_app(app) -> None:
    """Serve the assets and give templates ``asset_url``."""
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
