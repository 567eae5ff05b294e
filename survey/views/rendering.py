"""Full page or htmx fragment: one helper decides."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, redirect, render_template, request


def wants_fragment() -> bool:
    """Tell whether this is an htmx swap (not a boosted link, not a history restore)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render the page, or only its fragment for an htmx swap; caches must tell them apart."""
    body = render_template(fragment if wants_fragment() else page, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect_to(url: str) -> Response:
    """Redirect the browser; an htmx request is told to load the page whole (HX-Redirect)."""
    if request.htmx:
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
