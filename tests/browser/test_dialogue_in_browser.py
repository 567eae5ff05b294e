"""The dialogue in a real browser: tapped on a tablet, without JavaScript, on a phone.

Each answer is saved the moment it is tapped, so closing the page half-way loses
nothing: the ward screen offers to resume where the dialogue stopped.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from playwright.sync_api import Page, expect

from survey.models import AgreedAction, Answer, AnsweredBy, Response, ResponseStatus
from tests.browser.conftest import (
    ARTIFACTS,
    PHONE,
    TABLET,
    answer_button,
    open_ward_screen,
    page_and_window_width,
    resume_dialogue,
    save_text,
    screen_heading,
    sign_in,
    start_dialogue,
    summary_rows,
    tap_answer,
)
from tests.conftest import PROJECT_DIR, TEST_PASSWORD

#: The questionnaire the test app serves (frozen, so the shipped one can change freely).
MIN_HVERDAG = tomllib.loads(
    (PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires" / "min-hverdag.toml").read_text(
        encoding="utf-8")
)
#: The questions in Danish, by item code.
QUESTION = {item["code"]: item["text"]["da"] for item in MIN_HVERDAG["items"]}
#: Every item is asked here: "Ja" to ko_kontakt brings in ko_kontakt_tale.
ORDER = list(QUESTION)

KAREN = "Stue 1 · Karen"

#: (item, label on the button, code saved): the answers given before the break.
BEFORE_THE_BREAK = [
    ("sb_dag", "Ja", 1),
    ("sb_mad", "Både og", 2),
    ("sb_spurgt", "Nej", 3),
]
#: ... and after resuming. The yes/no item's "Ja" comes from the Danish interface
#: catalogue (translations/da), not from the questionnaire file.
AFTER_THE_BREAK = [
    ("ko_kender", "Ja", 1),
    ("ko_vaner", "Ved ikke", 8),
    ("ko_kontakt", "Ja", 1),
    ("ko_kontakt_tale", "Både og", 2),
    ("ko_aftaler", "Ja", 1),
    ("tryg", "Nej", 3),
]
FREE_TEXT = "At jeg selv bestemmer, hvornår jeg skal i bad. Og kaffe kl. 7."
SAVED_CODES = {item: code for item, _, code in BEFORE_THE_BREAK + AFTER_THE_BREAK}

#: Set on the window before an answer: it survives an htmx swap, not a page load.
MARK = "window.__sameDocument"


def item_url(response_id: int, item_code: str) -> re.Pattern[str]:
    return re.compile(rf"/dialogues/{response_id}/items/{item_code}$")


def next_url(response_id: int, item_code: str) -> re.Pattern[str]:
    """Where the dialogue goes after the item: the next question, or agreeing what's next."""
    index = ORDER.index(item_code) + 1
    if index == len(ORDER):
        return re.compile(rf"/dialogues/{response_id}/actions$")
    return item_url(response_id, ORDER[index])


def mark_document(page: Page) -> None:
    page.evaluate(f"{MARK} = true")


def document_is_marked(page: Page) -> bool:
    return page.evaluate(MARK) is True


def tap_through(page: Page, response_id: int, answers) -> dict[str, str]:
    """Tap each answer with JavaScript on; check every next question is swapped in.

    Return {item: label of the tapped button}.
    """
    tapped = {}
    # A tap before htmx has set up the page (deferred scripts, then DOMContentLoaded)
    # is an ordinary form post: wait for the page to finish loading, as a person would.
    page.wait_for_load_state("load")
    mark_document(page)
    for item, label, code in answers:
        expect(screen_heading(page)).to_have_text(QUESTION[item])
        tapped[item] = tap_answer(page, label=label, code=code)
        next_item = ORDER[ORDER.index(item) + 1]
        expect(screen_heading(page)).to_have_text(QUESTION[next_item])
        expect(page).to_have_url(next_url(response_id, item))
        assert document_is_marked(page), f"answering {item} loaded a whole new page"
    return tapped


def click_through(page: Page, response_id: int, answers) -> dict[str, str]:
    """Press each answer with JavaScript off; check each one loads the next page whole.

    Return {item: label of the pressed button}.
    """
    pressed = {}
    for item, label, code in answers:
        expect(screen_heading(page)).to_have_text(QUESTION[item])
        button = answer_button(page, label=label, code=code)
        pressed[item] = button.locator(".choice-label").inner_text()
        mark_document(page)
        button.click()
        expect(page).to_have_url(next_url(response_id, item))
        assert not document_is_marked(page), f"answering {item} did not load a new page"
    return pressed


def resume_after_closing(page: Page, response_id: int) -> Page:
    """Close the page half-way; open a new one on the ward screen and resume Karen's dialogue."""
    context = page.context
    page.close()
    page = context.new_page()
    open_ward_screen(page)
    resume_dialogue(page, KAREN)
    expect(page).to_have_url(item_url(response_id, "ko_kender"))
    expect(page.locator(".progress")).to_contain_text("Question 4 of")
    expect(screen_heading(page)).to_have_text(QUESTION["ko_kender"])
    return page


AGREEMENT = "Karen går en tur i haven om fredagen"


def agree_and_go_on(page: Page, response_id: int) -> None:
    """Write down one agreed action, then go on to the summary."""
    expect(screen_heading(page)).to_have_text("What happens next?")
    page.get_by_label("What did you agree?").fill(AGREEMENT)
    page.get_by_role("button", name="Add the agreement").click()
    expect(page.locator(".card-title")).to_have_text(AGREEMENT)
    page.get_by_role("button", name="Go on to the summary").click()
    expect(page).to_have_url(re.compile(rf"/dialogues/{response_id}/summary$"))


def unlock_with_password(page: Page) -> None:
    """Unlock the locked tablet as Anna, who has no PIN yet."""
    page.get_by_role("link", name="No PIN? Unlock with your password").click()
    page.get_by_role("radio", name="Anna").check()
    page.locator("input[name='code']").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Unlock").click()


def finish_from_summary(page: Page, labels: dict[str, str], ward_id: int) -> None:
    """Check the summary reads back every answer; finish; land on the ward screen."""
    expect(screen_heading(page)).to_have_text("Summary")
    expected = {QUESTION[item]: label for item, label in labels.items()}
    expected[QUESTION["vigtigt"]] = FREE_TEXT
    assert summary_rows(page) == expected
    page.get_by_role("button", name="Finish the dialogue").click()
    # The tablet locks at the end of every dialogue: the next person sees no answers.
    expect(page).to_have_url(re.compile(r"/lock$"))
    expect(page.get_by_role("status")).to_have_text("The dialogue is saved. Thank you.")
    expect(page.get_by_role("heading", name="The screen is locked")).to_be_visible()
    expect(page.get_by_text(FREE_TEXT)).to_have_count(0)
    unlock_with_password(page)
    expect(page).to_have_url(re.compile(rf"/wards/{ward_id}$"))
    expect(page.get_by_role("heading", name="Residents")).to_be_visible()
    expect(page.get_by_role("region", name="Unfinished dialogues")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Resume {KAREN}")).to_have_count(0)
    assert AgreedAction.get().what == AGREEMENT


def assert_saved_in_the_database(world, response_id: int) -> None:
    """One complete dialogue with Karen, holding exactly the answers given."""
    assert Response.select().count() == 1
    response = Response.get_by_id(response_id)
    assert response.status == ResponseStatus.COMPLETE
    assert response.finished_at is not None
    assert response.current_item is None
    assert response.resident_id == world.resident.id
    assert response.staff_id == world.worker.id
    assert response.language == "da"
    assert response.answered_by == AnsweredBy.RESIDENT
    answers = {a.item_code: a for a in Answer.select().where(Answer.response == response)}
    assert set(answers) == set(ORDER)
    assert {item: answers[item].value_code for item in SAVED_CODES} == SAVED_CODES
    assert answers["vigtigt"].value_text == FREE_TEXT
    assert answers["vigtigt"].value_code is None
    # The resident answered every question herself, as chosen at the start.
    assert all(answer.answered_by is None for answer in answers.values())


@pytest.mark.browser
def test_dialogue_tapped_on_a_tablet_survives_closing_the_page_and_resumes_where_it_stopped(
    new_context, world
):
    page = new_context(**TABLET).new_page()
    sign_in(page)
    response_id = start_dialogue(page, KAREN)
    expect(page).to_have_url(item_url(response_id, "sb_dag"))
    expect(page.locator("button.choice[name='value']").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dialogue-item-tablet.png", full_page=True)

    labels = tap_through(page, response_id, BEFORE_THE_BREAK)
    expect(page.locator(".progress")).to_contain_text("Question 4 of")

    page = resume_after_closing(page, response_id)
    labels |= tap_through(page, response_id, AFTER_THE_BREAK)
    save_text(page, FREE_TEXT)
    expect(page).to_have_url(next_url(response_id, "vigtigt"))
    assert document_is_marked(page), "saving the free text loaded a whole new page"

    agree_and_go_on(page, response_id)
    finish_from_summary(page, labels, world.ward.id)
    assert_saved_in_the_database(world, response_id)


@pytest.mark.browser
def test_dialogue_without_javascript_loads_a_page_per_answer_and_resumes_where_it_stopped(
    new_context, world
):
    page = new_context(java_script_enabled=False, **TABLET).new_page()
    sign_in(page)
    response_id = start_dialogue(page, KAREN)
    expect(page).to_have_url(item_url(response_id, "sb_dag"))

    labels = click_through(page, response_id, BEFORE_THE_BREAK)
    expect(page.locator(".progress")).to_contain_text("Question 4 of")

    page = resume_after_closing(page, response_id)
    labels |= click_through(page, response_id, AFTER_THE_BREAK)
    mark_document(page)
    save_text(page, FREE_TEXT)
    expect(page).to_have_url(next_url(response_id, "vigtigt"))
    assert not document_is_marked(page), "saving the free text did not load a new page"

    agree_and_go_on(page, response_id)
    finish_from_summary(page, labels, world.ward.id)
    assert_saved_in_the_database(world, response_id)


@pytest.fixture
def question_on_a_phone(new_context, world) -> Page:
    """The first question of a new dialogue with Karen, on a phone."""
    page = new_context(**PHONE).new_page()
    sign_in(page)
    start_dialogue(page, KAREN)
    expect(screen_heading(page)).to_have_text(QUESTION["sb_dag"])
    return page


@pytest.mark.browser
def test_question_fits_a_phone_without_scrolling_sideways(question_on_a_phone):
    page_width, window_width = page_and_window_width(question_on_a_phone)
    assert page_width <= window_width
    # A phone browser widens its window to fit a page that is too wide: so the
    # window must also still be exactly as wide as the phone.
    assert window_width == PHONE["viewport"]["width"]


@pytest.mark.browser
def test_every_answer_button_is_big_enough_to_tap_on_a_phone(question_on_a_phone):
    buttons = question_on_a_phone.locator("button.choice[name='value']").all()
    assert len(buttons) == 6  # Ja, Både og, Nej and the three kinds of no answer
    for button in buttons:
        box = button.bounding_box()
        assert box is not None, f"{button.inner_text()!r} is not shown"
        assert box["width"] >= 48 and box["height"] >= 48, (button.inner_text(), box)


@pytest.mark.browser
def test_the_top_bar_starts_at_the_top_of_the_screen_on_a_phone(question_on_a_phone):
    # Nothing above it but the skip link, which is off screen until focused: the icons
    # defined once for the page take no room.
    box = question_on_a_phone.locator("header.topbar").bounding_box()
    assert box is not None and box["y"] == 0, box
