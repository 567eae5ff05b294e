"""The ward tablet in a real browser: left alone, it locks; a PIN opens it again.

Time is the test's: Playwright's clock drives the page's timers, and the server's clock
(``survey.models.utcnow``) is moved along with it. Nothing sleeps.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from survey.auth import hash_password
from survey.models import Response, ResponseStatus, User
from tests.browser.conftest import TABLET, sign_in, start_dialogue, tap_answer

IDLE_SECONDS = 60
KAREN = "Stue 1 · Karen"
PIN = "1739"


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """A short idle time, so the test reads as the behaviour: a minute, then the lock."""
    return {**app_config, "IDLE_LOCK_SECONDS": IDLE_SECONDS}


@pytest.fixture
def csp_violations() -> list[str]:
    """What the browser refused under the Content-Security-Policy (it says so in the console)."""
    return []


@pytest.fixture
def tablet_page(clock, new_context, world, csp_violations) -> Page:
    """Anna's ward tablet, half-way through a dialogue with Karen; she has a PIN."""
    User.update(pin_hash=hash_password(PIN)).where(User.id == world.worker.id).execute()
    page = new_context(**TABLET).new_page()
    page.on("console", lambda message: "Content Security Policy" in message.text
            and csp_violations.append(message.text))
    page.clock.install()
    sign_in(page)
    start_dialogue(page, KAREN)
    tap_answer(page, code=1)
    return page


def leave_alone(page: Page, clock, seconds: int) -> None:
    """Nobody touches the tablet for a while (in the page and on the server)."""
    clock.advance(seconds=seconds)
    page.clock.fast_forward(seconds * 1000)


def unlock_screen(page: Page, name: str, code: str) -> None:
    """On the lock screen, choose the person and type their PIN (or password); unlock."""
    expect(page.get_by_role("heading", name="The screen is locked")).to_be_visible()
    page.get_by_role("radio", name=name).check()
    page.get_by_label("PIN", exact=True).fill(code)
    page.get_by_role("button", name="Unlock").click()


@pytest.mark.browser
def test_the_screen_locks_after_the_idle_time_and_shows_no_resident(
    tablet_page, clock, world, csp_violations
):
    page = tablet_page
    leave_alone(page, clock, IDLE_SECONDS - 5)
    expect(page).to_have_url(re.compile(r"/dialogues/\d+/items/\w+$"))

    leave_alone(page, clock, 6)
    expect(page).to_have_url(re.compile(r"/lock$"))
    expect(page.get_by_role("heading", name="The screen is locked")).to_be_visible()
    expect(page.get_by_text(world.ward.full_name)).to_be_visible()
    expect(page.get_by_role("radio", name="Anna")).to_be_checked()
    expect(page.get_by_text("Karen")).to_have_count(0)
    assert csp_violations == []


@pytest.mark.browser
def test_the_back_button_on_the_lock_screen_shows_no_resident(tablet_page, clock):
    page = tablet_page
    leave_alone(page, clock, IDLE_SECONDS + 1)
    expect(page).to_have_url(re.compile(r"/lock$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/lock$"))
    expect(page.get_by_text("Karen")).to_have_count(0)


@pytest.mark.browser
def test_the_pin_unlocks_to_the_ward_screen_where_the_dialogue_waits(
    tablet_page, clock, world, csp_violations
):
    page = tablet_page
    leave_alone(page, clock, IDLE_SECONDS + 1)
    expect(page).to_have_url(re.compile(r"/lock$"))

    unlock_screen(page, "Anna", PIN)

    expect(page).to_have_url(re.compile(rf"/wards/{world.ward.id}$"))
    expect(page.get_by_role("heading", name="Residents")).to_be_visible()
    unfinished = page.get_by_role("region", name="Unfinished dialogues")
    expect(unfinished.get_by_role("link", name=f"Resume {KAREN}")).to_be_visible()
    assert Response.get().status == ResponseStatus.IN_PROGRESS
    assert csp_violations == []
