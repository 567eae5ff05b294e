"""The shipped questionnaires keep the rules the issue sets for their content.

Easy language, measured: a resident dialogue's texts read as one text have LIX 25 or
less, no resident question is above LIX 40 or ten words or holds a negation; the
relatives' (and staff) texts as one text stay at LIX 35 or less. A failure names the
offending texts and their scores.
"""

from __future__ import annotations

from collections import Counter

import pytest

from survey.questionnaire import lix
from survey.questionnaire.codebook import indicator_items
from survey.questionnaire.format import check_all, load_file
from survey.questionnaire.frameworks import COMPASS, MARKER_THEMES
from survey.questionnaire.items import item_type
from tests.conftest import PROJECT_DIR

SHIPPED_DIR = PROJECT_DIR / "questionnaires"
SHIPPED_FILES = sorted(SHIPPED_DIR.glob("*.toml"))
DEFINITIONS = {path.stem: load_file(path)[0] for path in SHIPPED_FILES}
DIALOGUES = [code for code, definition in DEFINITIONS.items() if definition.kind == "dialogue"]


def scored(texts: list[tuple[str, str]]) -> str:
    """The texts with their LIX and word count, hardest first, for a failure message."""
    rows = sorted(((lix.lix(text), len(lix.words(text)), where, text) for where, text in texts),
                  reverse=True)
    return "\n".join(f"  LIX {score:5.1f}, {count:2} words  {where}: {text}"
                     for score, count, where, text in rows)


def resident_questions(code: str) -> list[tuple[str, str]]:
    return [(item["code"], item["text"]["da"]) for item in DEFINITIONS[code].items]


def test_four_questionnaires_are_shipped():
    assert sorted(DEFINITIONS) == ["botilbud", "min-hverdag", "paaroerende", "personale"]
    assert sorted(definition.kind for definition in DEFINITIONS.values()) == [
        "dialogue", "dialogue", "relatives", "staff"
    ]


def test_the_shipped_questionnaires_have_no_problems_and_no_warnings():
    _definitions, problems, warnings = check_all([SHIPPED_DIR])
    assert [str(line) for line in problems + warnings] == []


@pytest.mark.parametrize("code", sorted(DEFINITIONS))
def test_the_readers_texts_read_as_one_keep_the_lix_limit(code):
    data = DEFINITIONS[code].data
    limit = lix.WHOLE_TEXT_LIMITS[DEFINITIONS[code].kind]
    score = lix.lix(lix.whole_text(data))
    texts = [(f"{item}:{field}", text) for item, field, text in lix.reader_texts(data) if text]
    assert score <= limit, f"{code}: LIX {score:.1f} (at most {limit}); hardest texts:\n" + (
        scored(texts))


@pytest.mark.parametrize("code", DIALOGUES)
def test_no_resident_question_is_above_lix_40(code):
    hard = [(where, text) for where, text in resident_questions(code)
            if lix.lix(text) > lix.ITEM_LIX_LIMIT]
    assert hard == [], f"{code}: questions above LIX 40:\n{scored(hard)}"


@pytest.mark.parametrize("code", DIALOGUES)
def test_no_resident_question_has_more_than_ten_words(code):
    long = [(where, text) for where, text in resident_questions(code)
            if len(lix.words(text)) > lix.ITEM_WORD_LIMIT]
    assert long == [], f"{code}: questions of more than 10 words:\n{scored(long)}"


@pytest.mark.parametrize("code", DIALOGUES)
def test_no_resident_question_holds_a_negation(code):
    negated = [(where, text) for where, text in resident_questions(code)
               if {word.lower() for word in lix.words(text)} & set(lix.NEGATIONS)]
    assert negated == [], f"{code}: questions with a negation:\n{scored(negated)}"


@pytest.mark.parametrize("code", DIALOGUES)
def test_resident_questions_speak_to_the_resident_as_du(code):
    assert [where for where, text in resident_questions(code)
            if not {"du", "dig", "din", "dit", "dine"} & {w.lower() for w in lix.words(text)}] == []


@pytest.mark.parametrize("code", DIALOGUES)
def test_the_core_asks_one_self_determination_and_one_continuity_item(code):
    core = DEFINITIONS[code].data["dialogue"]["core"]
    markers = [DEFINITIONS[code].item(item)["markers"] for item in core]
    assert markers == [["selvbestemmelse"], ["kontinuitet"]]


@pytest.mark.parametrize("code", DIALOGUES)
def test_every_dialogue_asks_seven_to_nine_closed_items_and_one_open_question(code):
    definition = DEFINITIONS[code]
    for module in definition.modules:
        asked = definition.items_asked(module["code"])
        closed = [item for item in asked if not item_type(item).free_text]
        assert 7 <= len(closed) <= 9, module["code"]
        assert [item["code"] for item in asked if item_type(item).free_text] == ["vigtigt"]
        assert asked[-1]["text"]["da"] == "Hvad er vigtigst for dig lige nu?"


@pytest.mark.parametrize("code", DIALOGUES)
def test_the_modules_together_ask_all_twelve_compass_markers(code):
    definition = DEFINITIONS[code]
    asked = {marker for module in definition.modules
             for item in definition.items_asked(module["code"]) for marker in item["markers"]}
    assert asked == set(MARKER_THEMES)


@pytest.mark.parametrize("code", sorted(DEFINITIONS))
def test_every_closed_item_carries_a_compass_marker(code):
    assert [item["code"] for item in DEFINITIONS[code].items
            if not item_type(item).free_text and not item.get("markers")] == []


def test_elder_care_weighs_self_determination_and_continuity_most():
    counts = Counter(marker for item in DEFINITIONS["min-hverdag"].items
                     for marker in item.get("markers", []))
    top_two = {marker for marker, _ in counts.most_common(2)}
    assert top_two == {"selvbestemmelse", "kontinuitet"}


def test_elder_care_has_indicators_for_every_theme_and_the_two_elder_act_markers():
    indicators = DEFINITIONS["min-hverdag"].data["indicators"]
    assert {indicator.get("theme") for indicator in indicators} - {None} == set(COMPASS)
    assert {indicator.get("marker") for indicator in indicators} - {None} == {
        "selvbestemmelse", "kontinuitet"
    }


@pytest.mark.parametrize("code", sorted(DEFINITIONS))
def test_every_indicator_is_computed_over_at_least_one_item(code):
    definition = DEFINITIONS[code]
    assert [indicator["code"] for indicator in definition.data.get("indicators", [])
            if not indicator_items(indicator, definition)] == []


def test_every_botilbud_item_carries_a_quality_model_theme():
    assert [item["code"] for item in DEFINITIONS["botilbud"].items
            if not item.get("quality_model")] == []


def test_botilbud_asks_about_the_individual_plan_involvement_and_communication():
    themes = Counter(theme for item in DEFINITIONS["botilbud"].items
                     for theme in item["quality_model"])
    assert min(themes[theme] for theme in
               ("brugerinddragelse", "individuelle_planer", "kommunikation")) >= 4


def test_the_relatives_questionnaire_has_12_to_16_items_and_one_open_comment():
    definition = DEFINITIONS["paaroerende"]
    free = [item["code"] for item in definition.items if item_type(item).free_text]
    assert 12 <= len(definition.items) <= 16
    assert free == [definition.items[-1]["code"]]


def test_the_relatives_scale_has_five_labelled_points_and_one_not_relevant_code():
    scale = DEFINITIONS["paaroerende"].scale("enig-uenig")
    assert (scale["type"], [option["code"] for option in scale["options"]]) == (
        "labelled", [1, 2, 3, 4, 5])
    assert [(m["code"], m["kind"]) for m in scale["missing"]] == [(8, "not_relevant")]
    assert (scale["positive"], scale["negative"]) == ([1, 2], [4, 5])


def test_the_relatives_questionnaire_carries_the_elder_act_values_of_trust_and_relatives():
    values = {value for item in DEFINITIONS["paaroerende"].items
              for value in item.get("elder_act", [])}
    assert {"tillid", "paaroerende_og_faellesskab"} <= values


def test_the_staff_pulse_has_6_to_8_items_on_work_and_skills():
    items = DEFINITIONS["personale"].items
    themes = {theme for item in items for theme in item.get("quality_model", [])}
    assert 6 <= len(items) <= 8
    assert {"arbejdsmiljoe", "kompetenceudvikling", "ledelse"} <= themes


@pytest.mark.parametrize("code", DIALOGUES)
def test_the_resident_scale_is_yes_partly_no_with_pictures(code):
    scale = DEFINITIONS[code].scale("ja-bade-og-nej")
    assert [(o["code"], o["label"]["da"], o["icon"]) for o in scale["options"]] == [
        (1, "Ja", "yes"), (2, "Både og", "partly"), (3, "Nej", "no")]
    assert [(m["code"], m["kind"]) for m in scale["missing"]] == [
        (8, "dont_know"), (9, "rather_not_say"), (7, "could_not_answer")]
    assert (scale["positive"], scale["negative"]) == ([1], [3])


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[path.name for path in SHIPPED_FILES])
def test_every_file_asks_for_a_review_by_a_native_speaker_before_production(path):
    head = path.read_text(encoding="utf-8").split("\ncode = ")[0]
    assert "written by the survey team" in head.lower()
    assert "native speaker" in head and "municipality" in head
