"""Every answer carries a strict Content-Security-Policy and the usual protective headers;
nothing in the templates needs inline script or style to work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "survey" / "templates"

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy_of(reply) -> dict[str, str]:
    directives = (part.strip() for part in reply.headers["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


@pytest.fixture
def pages(signed_in, start_dialogue, world):
    response = start_dialogue()
    replies = {
        "sign-in": signed_in.get("/login"),
        "ward": signed_in.get(f"/wards/{world.ward.id}"),
        "question": signed_in.get(f"/dialogues/{response.id}/items/sb_dag"),
        "not found": signed_in.get("/no-such-page"),
        "stylesheet": signed_in.get(re.search(r'href="(/assets/css/app\.[^"]+)"',
                                              signed_in.get("/login").get_data(as_text=True))[1]),
    }
    for reply in replies.values():
        reply.get_data()
        reply.close()  # a static file is streamed from an open file
    return replies


def test_every_answer_has_the_content_security_policy(pages):
    for name, reply in pages.items():
        assert policy_of(reply) == EXPECTED_POLICY, name


def test_the_policy_allows_no_inline_code_or_eval(pages):
    header = pages["ward"].headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_no_page_may_be_framed(pages):
    assert pages["ward"].headers["X-Frame-Options"] == "DENY"


def test_no_referrer_reaches_another_site(pages):
    assert pages["ward"].headers["Referrer-Policy"] == "same-origin"


def test_browsers_do_not_guess_content_types(pages):
    assert pages["stylesheet"].headers["X-Content-Type-Options"] == "nosniff"


def test_powerful_browser_features_are_switched_off(pages):
    policy = pages["ward"].headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation"):
        assert f"{feature}=()" in policy


def test_pages_are_not_stored_but_static_files_may_be(pages):
    assert pages["question"].headers["Cache-Control"] == "no-store"
    assert pages["stylesheet"].headers.get("Cache-Control") != "no-store"


def test_https_answers_ask_for_https_next_time(client, world):
    reply = client.get("/login", base_url="https://localhost")
    assert reply.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_answers_do_not_pin_https(client, world):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_htmx_is_configured_to_run_no_code_from_answers(pages):
    html = pages["question"].get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1))
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    assert config["includeIndicatorStyles"] is False


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"   # a script element with a body
    r"|<style\b"                      # a style element
    r"|\sstyle\s*="                   # a style attribute
    r"|\son[a-z]+\s*="                # an event handler attribute
    r"|\shx-on[:-]"                   # htmx's inline handlers (they need eval)
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_or_style():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE.search(line)
    ]
    assert offenders == []


def test_rendered_pages_have_no_inline_script_or_style(pages):
    for name in ("sign-in", "ward", "question"):
        html = pages[name].get_data(as_text=True)
        assert not INLINE.search(html), name
