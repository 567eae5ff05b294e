"""Languages in a real browser: the interface switch, and right-to-left layout.

A staff member may read the interface in one language while the resident answers in
another; each part of the page is laid out in the direction of its own language.
Screenshots go to test-artifacts/languages/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, PHONE, TABLET, screen_heading, sign_in, start_dialogue

KAREN = "Stue 1 · Karen"
SHOTS = ARTIFACTS / "languages"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def switch_interface(page: Page, name: str) -> None:
    page.locator(".language-switch").get_by_role("button", name=name, exact=True).click()


def left(page: Page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["x"]


@pytest.mark.browser
@pytest.mark.parametrize("size", {"tablet": TABLET, "phone": PHONE}.items(), ids=["tablet", "phone"])
def test_the_arabic_interface_is_laid_out_right_to_left(new_context, world, size):
    name, device = size
    page = new_context(**device).new_page()
    sign_in(page)
    switch_interface(page, "العربية")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", name="المقيمون")).to_be_visible()
    # Mirrored: the brand that starts the top bar now stands at its right-hand end.
    brand = page.locator(".brand").bounding_box()
    width = page.evaluate("innerWidth")
    assert brand["x"] + brand["width"] > width / 2
    assert brand["x"] > left(page, ".menu")
    shoot(page, f"ward-arabic-interface-{name}")


@pytest.mark.browser
def test_switching_the_interface_back_to_danish_lays_it_out_left_to_right(new_context, world):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    switch_interface(page, "العربية")
    switch_interface(page, "Dansk")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="Beboere")).to_be_visible()
    assert left(page, ".brand") < left(page, ".menu")


@pytest.mark.browser
def test_a_dialogue_in_arabic_runs_right_to_left_inside_a_danish_interface(new_context, world):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    start_dialogue(page, KAREN, language="العربية")
    switch_interface(page, "Dansk")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".progress")).to_contain_text("Spørgsmål 1 af")
    block = page.locator(".question-block")
    expect(block).to_have_attribute("dir", "rtl")
    expect(block).to_have_attribute("lang", "ar")
    expect(screen_heading(page)).to_have_text("هل تقرر بنفسك متى تستيقظ؟")
    # The first answer ("yes") stands rightmost, where an Arabic reader starts.
    assert left(page, "button.choice[value='1']") > left(page, "button.choice[value='3']")
    # The Danish interface around it still reads from the left.
    assert left(page, ".brand") < left(page, ".menu")
    shoot(page, "dialogue-arabic-in-danish-interface")


@pytest.mark.browser
@pytest.mark.parametrize("language, question", [
    ("Polski", "Czy sam decydujesz, kiedy wstajesz?"),
    ("Türkçe", "Ne zaman kalkacağınıza kendiniz mi karar veriyorsunuz?"),
    ("Українська", "Ви самі вирішуєте, коли вставати?"),
])
def test_a_dialogue_can_be_held_in_each_left_to_right_language(new_context, world, language, question):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    start_dialogue(page, KAREN, language=language)
    expect(screen_heading(page)).to_have_text(question)
    expect(page.locator(".question-block")).to_have_attribute("dir", "ltr")
    assert left(page, "button.choice[value='1']") < left(page, "button.choice[value='3']")
