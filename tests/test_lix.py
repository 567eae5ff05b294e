"""LIX, the Danish readability index, and the easy-language warnings built on it.

Every expected value is counted by hand: LIX = words / sentences + 100 × long words /
words, where a long word has more than six letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.questionnaire.format import check_file
from survey.questionnaire.lix import Readability, lix, readability, whole_text, words

# --- the index ----------------------------------------------------------------------------


def test_lix_adds_words_per_sentence_and_the_percentage_of_long_words():
    # 7 words, 1 sentence, 2 long words (Bestemmer, hvornår): 7 + 200/7 = 35.571.
    assert lix("Bestemmer du selv, hvornår du står op?") == pytest.approx(35.571, abs=0.001)


def test_a_text_of_short_words_scores_its_words_per_sentence():
    # 7 words, 2 sentences, no long word ("hedder" has six letters): 3.5.
    assert lix("Jeg har en hund. Den hedder Fido.") == 3.5


def test_a_word_of_six_letters_is_short_and_one_of_seven_is_long():
    # "hjælpe" (6) is short, "hjælper" (7) is long: 2 words, 1 sentence, 1 long: 2 + 50.
    assert readability("Hjælpe hjælper.") == Readability(words=2, sentences=1, long_words=1)
    assert lix("Hjælpe hjælper.") == 52.0


def test_danish_letters_are_letters_of_the_word():
    # Spørgsmål (9) and højskole (8) are long: 3 words, 1 sentence, 2 long: 3 + 200/3.
    assert words("Spørgsmål på højskole.") == ["Spørgsmål", "på", "højskole"]
    assert lix("Spørgsmål på højskole.") == pytest.approx(69.667, abs=0.001)


def test_numbers_are_not_words():
    # Jeg, er, år, gammel: 4 words, 1 sentence, none long.
    assert words("Jeg er 87 år gammel.") == ["Jeg", "er", "år", "gammel"]
    assert lix("Jeg er 87 år gammel.") == 4.0


def test_colons_and_line_ends_end_sentences():
    # "Svar", "Ja", "Nej": 3 words in 3 sentences.
    assert readability("Svar:\nJa\nNej") == Readability(words=3, sentences=3, long_words=0)
    assert lix("Svar:\nJa\nNej") == 1.0


def test_a_run_of_punctuation_ends_one_sentence_only():
    # "Hvad" and "Nej": 2 words, 2 sentences.
    assert lix("Hvad?! Nej...") == 1.0


def test_a_text_without_words_scores_zero():
    assert lix("") == 0.0
    assert lix("12. 34!") == 0.0


# --- what is measured ---------------------------------------------------------------------

SMALL = {
    "kind": "dialogue",
    "languages": ["da", "en"],
    "title": {"da": "Prøve", "en": "Trial"},
    "scales": {"jn": {"options": [{"code": 1, "label": {"da": "Ja", "en": "Yes"}}],
                      "missing": [{"code": 8, "label": {"da": "Ved ikke", "en": "Don't know"}}]}},
    "modules": [{"code": "a", "title": {"da": "Overordentlig langsommelige titler"}}],
    "items": [{"code": "k", "text": {"da": "Har du en kontaktperson?", "en": "Contact?"},
               "help": {"da": "Hjælpeteksten gennemlæses omhyggeligt.", "en": "Help."}}],
}


def test_the_whole_text_is_title_labels_and_item_texts_one_per_line():
    assert whole_text(SMALL) == "Prøve\nJa\nVed ikke\nHar du en kontaktperson?"


def test_help_and_module_titles_are_not_read_by_the_resident_so_not_measured():
    assert "Hjælpeteksten" not in whole_text(SMALL)
    assert "Overordentlig" not in whole_text(SMALL)


def test_the_whole_text_is_scored_as_one_text():
    # Prøve / Ja / Ved ikke / Har du en kontaktperson?: 8 words, 4 sentences, 1 long.
    assert lix(whole_text(SMALL)) == pytest.approx(2 + 12.5)


# --- warnings from `survey check-questionnaires` -------------------------------------------

HEADER = """\
code = "proeve"
version = 1
kind = "{kind}"
languages = ["da", "en"]
title = {{ da = "Prøve", en = "Trial" }}
"""


def item(text: str, code: str = "spoergsmaal") -> str:
    return f"""
[[items]]
code = "{code}"
type = "yesno"
text = {{ da = "{text}", en = "A question?" }}
help = {{ da = "Forklaringstekst: administrationsmedarbejderens vejledningsmateriale.", en = "Help." }}
"""


def write(folder: Path, body: str, kind: str = "dialogue") -> Path:
    path = folder / "proeve.toml"
    path.write_text(HEADER.format(kind=kind) + body, encoding="utf-8")
    return path


def warnings_of(path: Path) -> list[str]:
    _definition, problems, warnings = check_file(path)
    assert problems == []
    return [str(warning) for warning in warnings]


def test_an_easy_file_has_no_warnings(tmp_path):
    assert warnings_of(write(tmp_path, item("Føler du dig tryg her?"))) == []


def test_a_resident_question_above_lix_40_is_a_warning(tmp_path):
    # Personalet, respekterer, beboerens, privatliv: 4 words, all long: 4 + 100 = 104.
    path = write(tmp_path, item("Personalet respekterer beboerens privatliv?"))
    assert f"{path}:spoergsmaal:text: warning: LIX 104.0 (at most 40)" in warnings_of(path)


def test_a_resident_question_of_more_than_ten_words_is_a_warning(tmp_path):
    path = write(tmp_path, item("Kan du selv gå ud i haven og se på de fine blomster?"))
    assert warnings_of(path) == [f"{path}:spoergsmaal:text: warning: 13 words (at most 10)"]


def test_a_negation_in_a_resident_question_is_a_warning(tmp_path):
    path = write(tmp_path, item("Er du ikke glad?"))
    assert warnings_of(path) == [
        f"{path}:spoergsmaal:text: warning: negation 'ikke': ask the positive way round"
    ]


@pytest.mark.parametrize("word", ["aldrig", "ingen", "intet", "hverken", "Ikke"])
def test_every_danish_negation_word_is_warned_about(tmp_path, word):
    path = write(tmp_path, item(f"Har du {word} ondt?"))
    assert len(warnings_of(path)) == 1


def test_a_word_that_only_contains_a_negation_is_no_negation(tmp_path):
    body = item("Er du ingeniør?") + item("Er du glad?", "glad") + item("Har du det godt?", "godt")
    assert warnings_of(write(tmp_path, body)) == []


def test_resident_texts_above_lix_25_as_one_text_are_a_warning_on_the_file(tmp_path):
    # Prøve / Hvordan oplever du hverdagen? / Hvordan oplever du maden?: 9 words in 3
    # sentences, 5 long (Hvordan and oplever twice, hverdagen): 3 + 500/9 = 58.6.
    body = item("Hvordan oplever du hverdagen?", "a") + item("Hvordan oplever du maden?", "b")
    path = write(tmp_path, body)
    assert warnings_of(path)[0] == (
        f"{path}:-:texts: warning: LIX 58.6 for all the reader's texts read as one (at most 25)"
    )


def test_relatives_texts_are_held_to_lix_35_as_one_text(tmp_path):
    # Prøve / Personalet er venlige mod beboerne.: 6 words, 2 sentences, 3 long
    # (Personalet, venlige, beboerne): 3 + 50 = 53.
    path = write(tmp_path, item("Personalet er venlige mod beboerne."), kind="relatives")
    assert warnings_of(path) == [
        f"{path}:-:texts: warning: LIX 53.0 for all the reader's texts read as one (at most 35)"
    ]


def test_relatives_statements_may_be_longer_than_ten_words_and_use_negations(tmp_path):
    text = "Jeg er ikke i tvivl om, hvem jeg kan ringe til om aftenen."
    assert warnings_of(write(tmp_path, item(text), kind="relatives")) == []


def test_warnings_do_not_make_the_check_fail(runner, tmp_path):
    path = write(tmp_path, item("Er du ikke glad?"))
    result = runner.invoke(args=["check-questionnaires", str(path)])
    assert (result.exit_code, result.output) == (0, (
        f"{path}:spoergsmaal:text: warning: negation 'ikke': ask the positive way round\n"
        "1 file(s) checked, no problems, 1 warning(s)\n"
    ))


def test_a_file_with_problems_fails_and_is_not_measured(runner, tmp_path):
    path = write(tmp_path, item("Er du ikke glad?") + 'colour = "red"\n')
    result = runner.invoke(args=["check-questionnaires", str(path)])
    assert (result.exit_code, result.output) == (
        1, f"{path}:spoergsmaal:colour: unknown key for a yesno item\n"
    )
