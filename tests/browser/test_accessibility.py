"""WCAG 2.2 AA in a real browser: axe-core on every page type, at tablet and phone size.

axe-core comes pinned from npm (package-lock.json); `make assets` copies it to
build/test-vendor/, a test-only place that the app never serves. Screenshots of every
scanned page go to test-artifacts/accessibility/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ARTIFACTS,
    PHONE,
    TABLET,
    screen_heading,
    sign_in,
    start_dialogue,
)
from tests.conftest import PROJECT_DIR, TEST_PASSWORD, with_relatives_questionnaire
from tests.relatives_support import make_wave  # noqa: F401 - a fixture used below

AXE_PATHS = [PROJECT_DIR / "build" / "test-vendor" / "axe.min.js",
             PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"]
#: The success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"tablet": TABLET, "phone": PHONE}
SHOTS = ARTIFACTS / "accessibility"
KAREN = "Stue 1 · Karen"


@pytest.fixture
def app_config(app_config: dict, tmp_path: Path) -> dict:
    """The usual frozen dialogue, and the frozen relatives' questionnaire beside it."""
    return with_relatives_questionnaire(app_config, tmp_path)


def axe_source() -> str:
    for path in AXE_PATHS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip("axe-core is missing: run `make assets`")


def axe_violations(page: Page) -> list[str]:
    """Run axe-core on the page as it is now; one line per rule broken, with where."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on.
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => `${v.id}: ${v.help} at ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
        }""",
        WCAG_AA,
    )


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def create_person(username: str, roles: list[str]) -> None:
    from survey.users import create_user

    create_user(username, username.title(), TEST_PASSWORD, roles, [])


# --- Opening each page type -----------------------------------------------------------


def open_sign_in(page: Page, world, waves) -> None:
    page.goto("/login")


def open_ward(page: Page, world, waves) -> None:
    sign_in(page)


#: A Danish voice, so the read-aloud buttons show and are scanned (without one, a notice
#: stands in their place).
DANISH_VOICE = """Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  getVoices: () => [{ name: "Danish test voice", lang: "da-DK" }],
  speak: () => {}, cancel: () => {}, addEventListener: () => {} }});"""


def open_dialogue_item(page: Page, world, waves) -> None:
    page.add_init_script(script=DANISH_VOICE)
    sign_in(page)
    start_dialogue(page, KAREN)
    expect(page.locator("[data-read-aloud]").first).to_be_visible()


def open_summary(page: Page, world, waves) -> None:
    sign_in(page)
    response_id = start_dialogue(page, KAREN)
    page.locator("button.choice[value='1']").click()
    page.goto(f"/dialogues/{response_id}/summary")
    expect(screen_heading(page)).to_have_text("Summary")


def open_relatives_start(page: Page, world, waves) -> None:
    _wave, tokens, _posters = waves()
    page.goto(f"/r/{tokens[0]}")


def open_relatives_item(page: Page, world, waves) -> None:
    _wave, tokens, _posters = waves()
    page.goto(f"/r/{tokens[0]}")
    page.locator("button[name='language'][value='en'], input[name='language'][value='en']").first.click()
    expect(page).to_have_url(re.compile(r"/q/\w+$"))


def signed_in_as(role: str, url: str) -> Callable[..., None]:
    def open_page(page: Page, world, waves) -> None:
        create_person(f"{role}-person", [role])
        sign_in_anywhere(page, f"{role}-person")
        page.goto(url)
    return open_page


def sign_in_anywhere(page: Page, username: str) -> None:
    page.goto("/login")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login$"))


def open_lock(page: Page, world, waves) -> None:
    sign_in(page)
    page.goto("/lock")


def open_history(page: Page, world, waves) -> None:
    sign_in(page)
    page.goto(f"/residents/{world.resident.id}/history")


def open_arabic_dialogue(page: Page, world, waves) -> None:
    sign_in(page)
    start_dialogue(page, KAREN, language="العربية")
    page.locator(".language-switch").get_by_role("button", name="العربية", exact=True).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


PAGES = {
    "sign-in": open_sign_in,
    "ward": open_ward,
    "dialogue-item": open_dialogue_item,
    "summary": open_summary,
    "relatives-start": open_relatives_start,
    "relatives-item": open_relatives_item,
    "dashboard": signed_in_as("quality", "/quality/"),
    "exports": signed_in_as("quality", "/quality/exports/"),
    "waves": signed_in_as("quality", "/waves/"),
    "admin": signed_in_as("admin", "/admin/"),
    "admin-users": signed_in_as("admin", "/admin/users"),
    "admin-residents": signed_in_as("admin", "/admin/residents"),
    "admin-sites": signed_in_as("admin", "/admin/sites"),
    "admin-audit": signed_in_as("admin", "/admin/audit"),
    "comparison": signed_in_as("quality", "/quality/comparison"),
    "council-report": signed_in_as("quality", "/quality/report"),
    "questionnaires": signed_in_as("quality", "/questionnaires"),
    "codebook": signed_in_as("quality", "/questionnaires/min-hverdag/codebook"),
    "new-wave": signed_in_as("quality", "/waves/new"),
    "lock": open_lock,
    "pin": signed_in_as("staff", "/pin"),
    "history": open_history,
    "dialogue-in-arabic": open_arabic_dialogue,
}


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_wcag_violations(new_context, world, make_wave, kind, size):  # noqa: F811
    page = new_context(**SIZES[size]).new_page()
    PAGES[kind](page, world, make_wave)
    shoot(page, f"{kind}-{size}")
    assert axe_violations(page) == []


@pytest.mark.browser
def test_the_scan_finds_a_broken_page(new_context, world, make_wave):  # noqa: F811
    page = new_context(**TABLET).new_page()
    page.goto("/login")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt:") for line in axe_violations(page))


# --- The keyboard, focus and screen readers ---------------------------------------------


FOCUSED_IS = """([selector, text]) => { const el = document.activeElement;
    return !!el && el.matches(selector) && (!text || el.textContent.includes(text)); }"""


def tab_to(page: Page, selector: str, text: str = "", presses: int = 60) -> None:
    """Press Tab until the focused element matches (and says the text), as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_IS, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


@pytest.mark.browser
def test_a_whole_dialogue_can_be_completed_with_the_keyboard_alone(new_context, world):
    from survey.models import Response, ResponseStatus

    page = new_context(**TABLET).new_page()
    sign_in(page)
    start_dialogue(page, KAREN)
    steps = 0
    while "/items/" in page.url:
        steps += 1
        assert steps < 20, "the dialogue never ended"
        heading = screen_heading(page).inner_text()
        if page.locator("button.choice").count():
            tab_to(page, "button.choice")
            page.keyboard.press("Enter")
        else:
            tab_to(page, "textarea")
            page.keyboard.type("Kaffe om morgenen.")
            tab_to(page, "button[value='save']")
            page.keyboard.press("Enter")
        expect(screen_heading(page)).not_to_have_text(heading)
    tab_to(page, "button", "Go on to the summary")
    page.keyboard.press("Enter")
    expect(screen_heading(page)).to_have_text("Summary")
    tab_to(page, "button", "Finish the dialogue")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/lock$"))
    assert Response.get().status == ResponseStatus.COMPLETE


@pytest.mark.browser
def test_after_each_answer_the_focus_moves_to_the_new_question_and_it_is_announced(new_context, world):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    start_dialogue(page, KAREN)
    first = screen_heading(page).inner_text()
    tab_to(page, "button.choice")
    page.keyboard.press("Enter")
    expect(screen_heading(page)).not_to_have_text(first)
    expect(page.locator("#question")).to_be_focused()
    expect(page.locator("#announcer")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#announcer")).to_have_text(re.compile(r"Question 2 of \d+"))


# --- Sizes: touch targets, text zoom, motion --------------------------------------------

#: Everything a finger can press on the resident's and the relative's screens.
TARGETS = ("button, a[href], input:not([type=hidden]):not([type=radio]):not([type=checkbox]), "
           "select, textarea, summary, label.radio-card")

MEASURE = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && s.visibility !== "hidden"; })
  .map((el) => { const r = el.getBoundingClientRect();
    return { what: el.outerHTML.slice(0, 90),
             width: Math.round(r.width), height: Math.round(r.height) }; })"""


def small_targets(page: Page) -> list[dict]:
    return [t for t in page.evaluate(MEASURE, TARGETS) if t["width"] < 48 or t["height"] < 48]


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["dialogue-item", "summary", "relatives-start", "relatives-item"])
def test_touch_targets_are_at_least_48_by_48_pixels(new_context, world, make_wave, kind, size):  # noqa: F811
    page = new_context(**SIZES[size]).new_page()
    PAGES[kind](page, world, make_wave)
    assert page.evaluate(MEASURE, TARGETS), "nothing was measured"
    assert small_targets(page) == []


@pytest.mark.browser
def test_the_dialogue_stays_usable_with_text_zoomed_to_200_percent(new_context, world):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    start_dialogue(page, KAREN)
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '250%'")  # the app's 125%, doubled
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 2 * base
    shoot(page, "dialogue-item-text-200")
    width, window = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= window, "the page scrolls sideways"
    for choice in page.locator("button.choice").all():
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= window
    heading = screen_heading(page).inner_text()
    page.locator("button.choice[value='1']").click()
    expect(screen_heading(page)).not_to_have_text(heading)


@pytest.mark.browser
def test_nothing_moves_when_reduced_motion_is_asked_for(new_context, world):
    page = new_context(**TABLET, reduced_motion="reduce").new_page()
    sign_in(page)
    start_dialogue(page, KAREN)
    moving = page.evaluate("""() => [...document.querySelectorAll("*")].filter((el) => {
        const s = getComputedStyle(el);
        return s.animationName !== "none" || parseFloat(s.transitionDuration) > 0
            || s.scrollBehavior === "smooth"; }).map((el) => el.tagName)""")
    assert moving == []


@pytest.mark.browser
def test_the_chosen_answer_is_marked_by_more_than_colour(new_context, world):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    response_id = start_dialogue(page, KAREN)
    page.locator("button.choice[value='2']").click()
    expect(screen_heading(page)).not_to_have_text(re.compile("hvornår du står op"))
    page.goto(f"/dialogues/{response_id}/items/sb_dag")
    chosen = page.locator("button.choice[aria-pressed='true']")
    expect(chosen).to_have_attribute("value", "2")
    mark = chosen.evaluate("(el) => getComputedStyle(el, '::after').content")
    assert mark == '"✓"'
    widths = page.evaluate("""() => [...document.querySelectorAll('button.choice:not(.choice--missing)')]
        .map((el) => [el.getAttribute('aria-pressed'), getComputedStyle(el).borderTopWidth])""")
    assert {pressed: width for pressed, width in widths}["true"] != {p: w for p, w in widths}["false"]
