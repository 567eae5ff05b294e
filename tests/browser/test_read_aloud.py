"""Read aloud: each question and answer option is spoken in the dialogue's language.

The browser's speech synthesis is replaced by a recorder before the page loads (an
init script), so the test hears what would have been said, in which language, by
which voice; and can take the voices away to see the page say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import ARTIFACTS, TABLET, screen_heading, sign_in, start_dialogue

KAREN = "Stue 1 · Karen"
QUESTION_AR = "هل تقرر بنفسك متى تستيقظ؟"
NEXT_QUESTION_AR = "هل يمكنك أن تختار ما تأكله؟"

SPEECH_RECORDER = """
(() => {
  const voices = %s;
  window.__spoken = [];
  window.__played = [];
  window.Audio = function (src) {
    this.play = () => { window.__played.push(src); return Promise.resolve(); };
  };
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null;
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
    onvoiceschanged: null,
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {},
    addEventListener: () => {},
  }});
})();
"""

ARABIC_VOICE = {"name": "Arabic test voice", "lang": "ar-SA"}
ENGLISH_VOICE = {"name": "English test voice", "lang": "en-GB"}


def tablet_with_voices(new_context, voices: list[dict]) -> BrowserContext:
    context = new_context(**TABLET)
    context.add_init_script(script=SPEECH_RECORDER % json.dumps(voices))
    return context


def start_in_arabic(page: Page) -> None:
    sign_in(page)
    start_dialogue(page, KAREN, language="العربية")
    expect(screen_heading(page)).to_have_text(QUESTION_AR)


def question_button(page: Page):
    return page.locator(".question-block > [data-read-aloud]")


def option_button(page: Page, code: int):
    return page.locator(f".choice-cell:has(button.choice[value='{code}']) [data-read-aloud]")


def spoken(page: Page) -> list[dict]:
    return page.evaluate("window.__spoken")


@pytest.mark.browser
def test_the_question_is_read_aloud_in_the_dialogues_language(new_context, world):
    page = tablet_with_voices(new_context, [ENGLISH_VOICE, ARABIC_VOICE]).new_page()
    start_in_arabic(page)
    expect(question_button(page)).to_be_visible()
    expect(question_button(page)).to_contain_text("Read aloud")
    question_button(page).click()
    assert spoken(page) == [{"text": QUESTION_AR, "lang": "ar", "voice": "Arabic test voice"}]


@pytest.mark.browser
def test_an_answer_option_is_read_aloud_in_the_dialogues_language(new_context, world):
    page = tablet_with_voices(new_context, [ARABIC_VOICE]).new_page()
    start_in_arabic(page)
    option_button(page, 1).click()
    option_button(page, 9).click()
    assert spoken(page) == [
        {"text": "نعم", "lang": "ar", "voice": "Arabic test voice"},
        {"text": "أفضّل عدم الإجابة", "lang": "ar", "voice": "Arabic test voice"},
    ]


@pytest.mark.browser
def test_the_next_question_swapped_in_by_htmx_is_read_aloud_too(new_context, world):
    page = tablet_with_voices(new_context, [ARABIC_VOICE]).new_page()
    start_in_arabic(page)
    page.locator("button.choice[value='1']").click()
    expect(screen_heading(page)).to_have_text(NEXT_QUESTION_AR)
    question_button(page).click()
    assert spoken(page)[-1]["text"] == NEXT_QUESTION_AR


@pytest.mark.browser
def test_without_a_voice_for_the_language_a_notice_says_so_instead_of_the_buttons(new_context, world):
    page = tablet_with_voices(new_context, [ENGLISH_VOICE]).new_page()
    start_in_arabic(page)
    expect(page.locator("#no-voice")).to_have_text("No voice for this language on this device")
    expect(page.locator("#no-voice")).to_be_visible()
    expect(question_button(page)).to_be_hidden()
    expect(option_button(page, 1)).to_be_hidden()
    assert spoken(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "read-aloud-no-voice.png"), full_page=True)


@pytest.mark.browser
def test_the_buttons_stay_hidden_without_javascript(new_context, world):
    page = new_context(**TABLET, java_script_enabled=False).new_page()
    sign_in(page)
    start_dialogue(page, KAREN, language="العربية")
    expect(page.locator("[data-read-aloud]").first).to_be_hidden()


@contextmanager
def recorded_question() -> Iterator[str]:
    """The Arabic first question has a recorded file (a stand-in) while the block runs;
    gives the file's name under static/audio/."""
    from survey.audio import AUDIO_DIR, audio_name

    name = audio_name(QUESTION_AR, "ar")
    recording = AUDIO_DIR / name
    recording.parent.mkdir(parents=True, exist_ok=True)
    existed = recording.exists()
    recording.write_bytes(b"RIFF")
    try:
        yield name
    finally:
        if not existed:
            recording.unlink()


@pytest.mark.browser
def test_a_recorded_file_is_played_instead_of_the_browsers_voice(new_context, world):
    with recorded_question() as name:
        page = tablet_with_voices(new_context, [ARABIC_VOICE]).new_page()
        start_in_arabic(page)
        question_button(page).click()
        assert page.evaluate("window.__played") == [f"/static/audio/{name}"]
        assert spoken(page) == []


@pytest.mark.browser
def test_the_summary_reads_each_question_with_its_answer_aloud(new_context, world):
    page = tablet_with_voices(new_context, [ARABIC_VOICE]).new_page()
    start_in_arabic(page)
    response_id = int(page.url.split("/dialogues/")[1].split("/")[0])
    page.locator("button.choice[value='1']").click()
    expect(screen_heading(page)).to_have_text(NEXT_QUESTION_AR)
    page.goto(f"/dialogues/{response_id}/summary")
    page.locator(".summary-row [data-read-aloud]").first.click()
    assert spoken(page) == [{"text": f"{QUESTION_AR} نعم", "lang": "ar", "voice": "Arabic test voice"}]


LATE_VOICES = """
(() => {
  const voices = [];
  const listeners = [];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null;
  };
  window.__voicesArrive = () => {
    voices.push({ name: "Arabic test voice", lang: "ar-SA" });
    listeners.forEach((listener) => listener());
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
    onvoiceschanged: null,
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {},
    addEventListener: (name, listener) => listeners.push(listener),
  }});
})();
"""


@pytest.mark.browser
def test_a_voice_that_arrives_late_makes_the_button_speak_again(new_context, world):
    context = new_context(**TABLET)
    context.add_init_script(script=LATE_VOICES)
    page = context.new_page()
    start_in_arabic(page)
    expect(page.locator("#no-voice")).to_be_visible()
    page.evaluate("window.__voicesArrive()")
    expect(page.locator("#no-voice")).to_be_hidden()
    expect(question_button(page)).to_contain_text("Read aloud")
    question_button(page).click()
    assert spoken(page) == [{"text": QUESTION_AR, "lang": "ar", "voice": "Arabic test voice"}]
