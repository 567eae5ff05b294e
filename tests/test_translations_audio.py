"""Recorded read-aloud files (optional): `survey build-audio` and the button's use of them."""

from __future__ import annotations

import shutil

import pytest

from survey.audio import AUDIO_DIR, audio_name, texts_to_speak
from survey.questionnaire.store import definition_of

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (apt-get install espeak-ng)")


@needs_espeak
def test_build_audio_records_every_question_and_option_in_every_language(
    app, runner, min_hverdag, tmp_path
):
    result = runner.invoke(args=["build-audio", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with app.app_context():  # yes and no are worded by the interface catalogues
        wanted = texts_to_speak(definition_of(min_hverdag))
    assert ("ar", "نعم") in wanted and ("ar", "Yes") not in wanted
    made = sorted(tmp_path.rglob("*.wav"))
    assert len(made) == len(wanted)
    assert {path.parent.name for path in made} == {"da", "en", "ar", "pl", "tr", "uk"}
    assert all(path.read_bytes()[:4] == b"RIFF" for path in made)


@needs_espeak
def test_build_audio_leaves_files_already_recorded(runner, min_hverdag, tmp_path):
    runner.invoke(args=["build-audio", "--out-dir", str(tmp_path)])
    result = runner.invoke(args=["build-audio", "--out-dir", str(tmp_path)])
    assert "recorded 0 new audio file(s)" in result.output


def test_the_button_names_the_recorded_file_when_there_is_one(signed_in, start_dialogue):
    response = start_dialogue(language="tr")
    question = "Ne zaman kalkacağınıza kendiniz mi karar veriyorsunuz?"
    recording = AUDIO_DIR / audio_name(question, "tr")
    recording.parent.mkdir(parents=True, exist_ok=True)
    existed = recording.exists()
    recording.write_bytes(b"RIFF")
    try:
        html = signed_in.get(f"/dialogues/{response.id}/items/sb_dag").get_data(as_text=True)
    finally:
        if not existed:
            recording.unlink()
    assert f'data-audio="/static/audio/{audio_name(question, "tr")}"' in html
    assert html.count("data-audio=") == 1
