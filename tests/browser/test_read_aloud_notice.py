"""Read aloud on a device without a voice for the dialogue's language: one notice for the
screen, not a "no voice" box under every answer option; the buttons that cannot speak
are hidden.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screen_heading
from tests.browser.test_read_aloud import (
    ARABIC_VOICE,
    ENGLISH_VOICE,
    NEXT_QUESTION_AR,
    recorded_question,
    start_in_arabic,
    tablet_with_voices,
)

pytestmark = pytest.mark.browser

NOTICE = "No voice for this language on this device"


def notices(page: Page):
    return page.get_by_text(NOTICE, exact=True)


def shown_buttons(page: Page) -> int:
    return page.locator("[data-read-aloud]:visible").count()


def test_a_question_without_a_voice_shows_one_notice_and_no_silent_buttons(new_context, world):
    page = tablet_with_voices(new_context, [ENGLISH_VOICE]).new_page()
    start_in_arabic(page)
    expect(page.locator("#no-voice")).to_be_visible()
    expect(notices(page)).to_have_count(1)
    assert page.locator("[data-read-aloud]").count() > 1
    assert shown_buttons(page) == 0


def test_the_next_question_swapped_in_keeps_the_one_notice(new_context, world):
    page = tablet_with_voices(new_context, [ENGLISH_VOICE]).new_page()
    start_in_arabic(page)
    page.locator("button.choice[value='1']").click()
    expect(screen_heading(page)).to_have_text(NEXT_QUESTION_AR)
    expect(page.locator("#no-voice")).to_be_visible()
    expect(notices(page)).to_have_count(1)
    assert shown_buttons(page) == 0


def test_the_summary_without_a_voice_shows_the_notice_once(new_context, world):
    page = tablet_with_voices(new_context, [ENGLISH_VOICE]).new_page()
    start_in_arabic(page)
    response_id = int(page.url.split("/dialogues/")[1].split("/")[0])
    page.locator("button.choice[value='1']").click()
    expect(screen_heading(page)).to_have_text(NEXT_QUESTION_AR)
    page.goto(f"/dialogues/{response_id}/summary")
    expect(page.locator("#no-voice")).to_be_visible()
    expect(notices(page)).to_have_count(1)
    assert shown_buttons(page) == 0


def test_with_a_voice_there_is_no_notice(new_context, world):
    page = tablet_with_voices(new_context, [ARABIC_VOICE]).new_page()
    start_in_arabic(page)
    expect(page.locator("[data-read-aloud]").first).to_be_visible()
    expect(page.locator("#no-voice")).to_be_hidden()


def test_a_recorded_question_stays_readable_without_a_voice(new_context, world):
    with recorded_question():
        page = tablet_with_voices(new_context, [ENGLISH_VOICE]).new_page()
        start_in_arabic(page)
        expect(page.locator("#no-voice")).to_be_visible()
        expect(page.locator(".question-block > [data-read-aloud]")).to_be_visible()
        assert shown_buttons(page) == 1
