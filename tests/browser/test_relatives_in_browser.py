"""A relative on their phone: the QR code on a printed letter, read by a real decoder from
what Chromium draws, opens the survey; half-way the phone is closed; the same link
resumes, the answers are sent, and the link takes no more."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from survey.models import Answer, Invitation, Response, ResponseStatus, User
from survey.users import create_user
from tests import relatives_support
from tests.browser.conftest import ARTIFACTS, PHONE, page_and_window_width
from tests.conftest import TEST_PASSWORD
from tests.qr_decode import decode

app_config, make_wave = relatives_support.app_config, relatives_support.make_wave
pytestmark = pytest.mark.browser


def _letters_page_link(new_context, wave) -> str:
    """Sign in as the quality team, open the letters, and decode the first QR as drawn."""
    user = create_user("kvalitet", "Kvalitet", TEST_PASSWORD, ["quality"])
    User.update(can_read_free_text=True).where(User.id == user.id).execute()
    page = new_context(viewport={"width": 1000, "height": 1400}).new_page()
    page.goto("/login")
    page.locator("input[name='username']").fill("kvalitet")
    page.locator("input[name='password']").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.goto(f"/waves/{wave.id}/letters")
    qr = page.locator("article.letter svg.qr").first
    expect(qr).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "relatives-letters.pdf"), format="A4")
    letters = page.locator("article.letter").count()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == letters, "one A4 sheet per letter"
    page.screenshot(path=str(ARTIFACTS / "relatives-letters.png"))
    pixels = np.array(Image.open(io.BytesIO(qr.screenshot())).convert("L"))
    texts = decode(pixels)
    assert len(texts) == 1, "the decoder found no QR code in the screenshot"
    return texts[0]


def _answer(page: Page, label: str) -> None:
    question = page.locator("h1#question").inner_text()
    page.locator("button.choice").filter(has=page.get_by_text(label, exact=True)).tap()
    expect(page.locator("h1").first).not_to_have_text(question)


def test_a_relative_answers_on_a_phone_through_the_letters_qr_code(new_context, make_wave, live_server):
    wave, tokens, _posters = make_wave(letters_per_ward=2)
    link = _letters_page_link(new_context, wave)
    assert link == f"{live_server}/r/{tokens[0]}"

    phone = new_context(**PHONE).new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Choose your language to start")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "relatives-start-phone.png"), full_page=True)
    phone.get_by_role("button", name="English").tap()
    phone.screenshot(path=str(ARTIFACTS / "relatives-question-phone.png"), full_page=True)
    for _ in range(3):  # half of the six statements, then the phone is put away
        _answer(phone, "Agree")
    width, window = page_and_window_width(phone)
    assert width <= window
    phone.context.close()

    phone = new_context(**PHONE).new_page()  # later: the browser remembers nothing
    phone.goto(link)
    expect(phone.locator("h1#question")).to_have_text("I trust the staff.")
    for _ in range(3):
        _answer(phone, "Strongly agree")
    phone.locator("textarea[name='value']").fill("Thank you for the coffee.")
    phone.get_by_role("button", name="Save and continue").tap()
    expect(phone.get_by_role("heading", name="Send your answers")).to_be_visible()
    phone.screenshot(path=str(ARTIFACTS / "relatives-send-phone.png"), full_page=True)
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.get_by_role("heading", name="Thank you for your answers")).to_be_visible()

    response = Response.get()
    assert response.status == ResponseStatus.COMPLETE and response.language == "en"
    assert Answer.select().where(Answer.response == response).count() == 7
    assert Invitation.get(Invitation.submitted_on.is_null(False)).number == 1

    phone.goto(f"{link}/q/pa_velkommen")  # the used link refuses answers
    expect(phone.get_by_text("This link takes no more answers.")).to_be_visible()
    expect(phone.locator("button.choice")).to_have_count(0)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Thank you for your answers")).to_be_visible()


def test_the_survey_works_with_javascript_off_on_a_narrow_phone(new_context, make_wave):
    _wave, tokens, _posters = make_wave(letters_per_ward=1)
    phone = new_context(**{**PHONE, "viewport": {"width": 360, "height": 740}},
                        java_script_enabled=False).new_page()
    phone.goto(f"/r/{tokens[0]}")
    phone.get_by_role("button", name="Dansk").tap()
    expect(phone.locator("h1#question")).to_have_text("Jeg føler mig velkommen, når jeg kommer på besøg.")
    width, window = page_and_window_width(phone)
    assert width <= window
    font_size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.choice')).fontSize)")
    assert font_size >= 18
    _answer(phone, "Enig")
    assert Answer.select().count() == 1
