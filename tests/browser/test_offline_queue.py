"""The connection drops mid-dialogue: the tablet keeps the answers it could not send and
sends them, in order and once each, when the connection is back. No error is shown."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from survey.models import Answer, Response
from tests.browser.conftest import (
    TABLET,
    answer_button,
    open_ward_screen,
    screen_heading,
    sign_in,
    start_dialogue,
    tap_answer,
)
from tests.browser.test_dialogue_in_browser import KAREN, QUESTION

pytestmark = pytest.mark.browser


def _queue(page: Page) -> list[dict]:
    return json.loads(page.evaluate("window.localStorage.getItem('survey.offlineQueue') || '[]'"))


def _answer(response_id: int, item_code: str) -> Answer | None:
    return Answer.get_or_none(Answer.response == response_id, Answer.item_code == item_code)


@pytest.fixture
def tablet_page(new_context, world) -> Page:
    context = new_context(**TABLET)
    page = context.new_page()
    sign_in(page)
    open_ward_screen(page)
    return page


def test_answer_tapped_without_connection_is_kept_and_sent_when_it_returns(tablet_page: Page):
    page = tablet_page
    response_id = start_dialogue(page, KAREN)
    tap_answer(page, "Ja")  # sb_dag, online
    expect(screen_heading(page)).to_have_text(QUESTION["sb_mad"])

    page.context.set_offline(True)
    answer_button(page, "Nej").tap()
    expect(page.locator("#offline-queued")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_hidden()
    assert [entry["url"] for entry in _queue(page)] == [f"/dialogues/{response_id}/items/sb_mad"]
    assert _answer(response_id, "sb_mad") is None

    page.context.set_offline(False)
    expect(screen_heading(page)).to_have_text(QUESTION["sb_spurgt"])
    expect(page.locator("#offline-queued")).to_be_hidden()
    saved = _answer(response_id, "sb_mad")
    assert (saved.value_code, saved.revision) == (3, 1)
    assert _queue(page) == []
    assert Response.get_by_id(response_id).current_item == "sb_spurgt"


def test_taps_without_connection_are_sent_in_order_and_once_each(tablet_page: Page):
    page = tablet_page
    response_id = start_dialogue(page, KAREN)
    page.context.set_offline(True)
    answer_button(page, "Ja").tap()
    answer_button(page, "Ja").tap()  # a double tap is one answer
    answer_button(page, "Nej").tap()  # she changed her mind: this one counts
    expect(page.locator("#offline-queued")).to_be_visible()
    assert len(_queue(page)) == 2

    page.context.set_offline(False)
    expect(screen_heading(page)).to_have_text(QUESTION["sb_mad"])
    saved = _answer(response_id, "sb_dag")
    # Two writes in the order tapped: "Ja" first (revision 1), then "Nej" (revision 2).
    assert (saved.value_code, saved.revision) == (3, 2)
    assert _queue(page) == []



def _sign_out(page: Page) -> None:
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Sign out").click()


def test_signing_out_without_connection_keeps_the_waiting_answers_and_the_session(tablet_page: Page):
    page = tablet_page
    response_id = start_dialogue(page, KAREN)
    page.context.set_offline(True)
    answer_button(page, "Ja").tap()

    _sign_out(page)

    expect(page.locator("#offline-queued")).to_be_visible()
    expect(screen_heading(page)).to_have_text(QUESTION["sb_dag"])
    assert [entry["url"] for entry in _queue(page)] == [f"/dialogues/{response_id}/items/sb_dag"]
    assert _answer(response_id, "sb_dag") is None


def test_signing_out_sends_the_waiting_answers_first(tablet_page: Page):
    page = tablet_page
    response_id = start_dialogue(page, KAREN)
    # The answer's request is lost on the way (no "offline" event to send it again).
    page.route("**/items/**", lambda route: route.abort())
    answer_button(page, "Ja").tap()
    expect(page.locator("#offline-queued")).to_be_visible()
    page.unroute("**/items/**")

    _sign_out(page)

    expect(page).to_have_url(re.compile(r"/login"))
    assert _answer(response_id, "sb_dag").value_code == 1


def test_signing_out_with_nothing_waiting_signs_out_at_once(tablet_page: Page):
    page = tablet_page
    _sign_out(page)
    expect(page).to_have_url(re.compile(r"/login"))
