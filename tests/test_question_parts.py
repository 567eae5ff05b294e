"""The answer and read-aloud buttons are rendered once and kept: never shown stale."""

from __future__ import annotations

import re

from survey.audio import AUDIO_DIR, audio_name
from tests.test_dialogue_flow import tap


def _buttons(html: str) -> str:
    return html[html.index('<div class="choices"'):html.index('<details class="answerer"')]


def _answerer(html: str) -> str:
    start = html.index('<details class="answerer"')
    return html[start:html.index("</details>", start)]


def _in_english_then_danish(tablet, start_dialogue, part) -> tuple[str, str]:
    """One part of the same question, shown with the interface in English, then Danish."""
    url = f"/dialogues/{start_dialogue().id}/items/sb_dag"
    english = part(tablet.get(url).get_data(as_text=True))
    tablet.post("/language", {"language": "da"})
    return english, part(tablet.get(url).get_data(as_text=True))


def test_the_kept_buttons_follow_the_interface_language(signed_in, start_dialogue):
    english, danish = _in_english_then_danish(signed_in, start_dialogue, _buttons)
    assert "Read aloud" in english and "Læs op" not in english
    assert "Læs op" in danish and "Read aloud" not in danish


def test_the_kept_buttons_show_the_answer_saved_since(signed_in, start_dialogue):
    response = start_dialogue()
    url = f"/dialogues/{response.id}/items/sb_dag"
    assert 'aria-pressed="true"' not in _buttons(signed_in.get(url).get_data(as_text=True))
    tap(signed_in, response, "sb_dag", 2)
    shown = _buttons(signed_in.get(url).get_data(as_text=True))
    assert re.findall(r'value="(\d+)" class="choice"\s+aria-pressed="true"', shown) == ["2"]


def test_a_recording_made_after_the_question_was_shown_is_used(signed_in, start_dialogue):
    response = start_dialogue(language="uk")
    url = f"/dialogues/{response.id}/items/sb_dag"
    before = signed_in.get(url).get_data(as_text=True)
    option = re.search(r'data-lang="uk" data-read-text="([^"]+)"', _buttons(before)).group(1)
    recording = AUDIO_DIR / audio_name(option, "uk")
    recording.parent.mkdir(parents=True, exist_ok=True)
    existed = recording.exists()
    recording.write_bytes(b"RIFF")
    try:
        after = signed_in.get(url).get_data(as_text=True)
    finally:
        if not existed:
            recording.unlink()
    assert "data-audio=" not in before
    assert f'data-audio="/static/audio/{audio_name(option, "uk")}"' in _buttons(after)


def test_the_kept_answerer_choice_shows_who_answered_each_question(signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1, answered_by="staff_observation")
    answered = _answerer(signed_in.get(f"/dialogues/{response.id}/items/sb_dag").get_data(as_text=True))
    usual = _answerer(signed_in.get(f"/dialogues/{response.id}/items/sb_mad").get_data(as_text=True))
    assert answered.startswith('<details class="answerer" open>')
    assert re.findall(r'value="(\w+)" checked', answered) == ["staff_observation"]
    assert usual.startswith('<details class="answerer">')
    assert re.findall(r'value="(\w+)" checked', usual) == ["resident"]


def test_the_kept_answerer_choice_follows_the_interface_language(signed_in, start_dialogue):
    english, danish = _in_english_then_danish(signed_in, start_dialogue, _answerer)
    assert "Who answers this question?" in english
    assert "Hvem svarer på dette spørgsmål?" in danish
