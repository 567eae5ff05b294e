"""A live server, a headless Chromium, and helpers that act like a member of staff.

The app runs on werkzeug's threaded server in a background thread, on the same
migrated database the test reads back with the models. Chromium is Debian's
(/usr/bin/chromium): Playwright never downloads a browser here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import PROJECT_DIR, TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

#: A 10-inch ward tablet held upright, and a phone, both with a touch screen.
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": False}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}

#: Screenshots for people to look at; the folder is git-ignored.
ARTIFACTS = PROJECT_DIR / "test-artifacts"

#: How long a screen may take to appear: generous, as a CI machine may be slow.
TIMEOUT_MS = 15_000


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on a free local port for the test; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts (one per device) on the live server; close them afterwards.

    The interface is in English (the strings the templates are written in); the
    questions are put in Danish, chosen on the start form.
    """
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(base_url=live_server, locale="en-US", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    expect.set_options(timeout=TIMEOUT_MS)
    yield make
    # Before the server stops: closing a context ends its keep-alive connections.
    for context in contexts:
        context.close()


# --- Acting like a member of staff ---------------------------------------------------


def sign_in(page: Page, username: str = "anna", password: str = TEST_PASSWORD) -> None:
    """Sign in with the form; land on the ward screen (the user works on one ward)."""
    page.goto("/login")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Residents")).to_be_visible()


def open_ward_screen(page: Page) -> None:
    """Go to the ward screen the way staff do: the start page sends them there."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/wards/\d+$"))
    expect(page.get_by_role("heading", name="Residents")).to_be_visible()


def start_dialogue(page: Page, resident: str, language: str = "Dansk") -> int:
    """From the ward screen, start a dialogue with the resident; return the response id.

    The other choices keep their defaults (the resident answers herself).
    """
    page.get_by_role("link", name=f"Start dialogue with {resident}").click()
    expect(page.get_by_role("heading", name=f"Dialogue with {resident}")).to_be_visible()
    page.get_by_role("radio", name=language, exact=True).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dialogues/\d+/items/\w+$"))
    return int(re.search(r"/dialogues/(\d+)/", page.url).group(1))


def resume_dialogue(page: Page, resident: str) -> None:
    """On the ward screen, press "Resume" on the resident's unfinished dialogue."""
    unfinished = page.get_by_role("region", name="Unfinished dialogues")
    unfinished.get_by_role("link", name=f"Resume {resident}").click()


def screen_heading(page: Page) -> Locator:
    """The heading of the screen in #step: a question, or the summary."""
    return page.locator("#step h1")


def answer_button(page: Page, label: str | None = None, code: int | None = None) -> Locator:
    """One of the big answer buttons (a submit button carrying its code), by label or code."""
    selector = "button.choice[name='value']"
    if code is not None:
        selector += f"[value='{code}']"
    buttons = page.locator(selector)
    if label is not None:
        buttons = buttons.filter(has=page.get_by_text(label, exact=True))
    expect(buttons).to_have_count(1)
    return buttons


def tap_answer(page: Page, label: str | None = None, code: int | None = None) -> str:
    """Tap an answer and wait until the next screen is swapped in; return the tapped label."""
    heading = screen_heading(page)
    question = heading.inner_text()
    button = answer_button(page, label, code)
    tapped = button.locator(".choice-label").inner_text()
    button.tap()
    expect(heading).not_to_have_text(question)
    return tapped


def save_text(page: Page, text: str) -> None:
    """Write a free-text answer and press "Save and continue"."""
    page.locator("textarea[name='value']").fill(text)
    page.get_by_role("button", name="Save and continue").click()


def summary_rows(page: Page) -> dict[str, str]:
    """The summary as {question: answer as shown}."""
    rows = {}
    for row in page.locator(".summary-row").all():
        question = row.locator("dt").inner_text().strip()
        rows[question] = row.locator("dd > span").first.inner_text().strip()
    return rows


def page_and_window_width(page: Page) -> tuple[int, int]:
    """The page's scroll width and the window's width, in CSS pixels."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
