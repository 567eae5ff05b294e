"""Response headers every page gets: a strict Content-Security-Policy, no framing, no
referrer, no sniffing, no powerful browser features, and no caching of pages.

Nothing in the templates is inline (no <script> bodies, no style attributes): htmx is
told by its config meta tag not to evaluate code or add indicator styles, so the policy
needs neither 'unsafe-inline' nor 'unsafe-eval'.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .assets import FILE_ENDPOINTS
from .sessions import CookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])

#: Features no page of ours uses, switched off for every origin.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    # Relatives' links carry a token in the path: it must never reach another site.
    # Not "no-referrer": over HTTPS, CSRFProtect refuses a form post without a Referer
    # from this site, and under no-referrer browsers send neither Referer nor Origin.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_headers(response: Response) -> Response:
    """Set the security headers; keep pages (about residents, above all) out of caches."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint not in FILE_ENDPOINTS:
        # The back button after signing out or locking must not show a resident's page.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Install the cookie settings and the response headers; trust the configured proxies."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.session_interface = CookieSessionInterface()
    app.permanent_session_lifetime = app.config["SESSION_ABSOLUTE_SECONDS"]
    app.after_request(add_headers)
