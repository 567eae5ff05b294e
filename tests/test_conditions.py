"""``show_if`` conditions: when an item is asked, and what a malformed condition reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.questionnaire.conditions import holds, problems
from survey.questionnaire.format import load_file

EARLIER = {"sb_dag", "ko_kontakt"}

# --- holds -----------------------------------------------------------------------------


def test_in_holds_when_the_answer_is_one_of_the_codes():
    assert holds({"item": "ko_kontakt", "in": [1, 2]}, {"ko_kontakt": frozenset({2})})


def test_in_does_not_hold_when_the_answer_is_another_code():
    assert not holds({"item": "ko_kontakt", "in": [1, 2]}, {"ko_kontakt": frozenset({3})})


def test_not_in_holds_when_the_answer_is_another_code():
    assert holds({"item": "ko_kontakt", "not_in": [3]}, {"ko_kontakt": frozenset({1})})


def test_not_in_does_not_hold_when_the_answer_is_one_of_the_codes():
    assert not holds({"item": "ko_kontakt", "not_in": [3, 9]}, {"ko_kontakt": frozenset({9})})


def test_an_unanswered_item_matches_no_in_list():
    assert not holds({"item": "ko_kontakt", "in": [1]}, {})


def test_an_unanswered_item_matches_every_not_in_list():
    assert holds({"item": "ko_kontakt", "not_in": [1]}, {})


def test_an_item_answered_with_no_codes_counts_as_unanswered():
    # A cleared multiple-choice answer has no codes: it is as if nothing was chosen.
    assert not holds({"item": "ko_kontakt", "in": [1]}, {"ko_kontakt": frozenset()})
    assert holds({"item": "ko_kontakt", "not_in": [1]}, {"ko_kontakt": frozenset()})


def test_answers_to_other_items_do_not_count():
    assert not holds({"item": "ko_kontakt", "in": [1]}, {"sb_dag": frozenset({1})})


def test_in_holds_for_a_multiple_choice_answer_when_any_chosen_code_is_listed():
    assert holds({"item": "hobby", "in": [3, 4]}, {"hobby": frozenset({1, 3})})


def test_in_does_not_hold_for_a_multiple_choice_answer_without_overlap():
    assert not holds({"item": "hobby", "in": [2, 4]}, {"hobby": frozenset({1, 3})})


def test_not_in_fails_for_a_multiple_choice_answer_when_any_chosen_code_is_listed():
    assert not holds({"item": "hobby", "not_in": [3]}, {"hobby": frozenset({1, 3})})


def test_not_in_holds_for_a_multiple_choice_answer_without_overlap():
    assert holds({"item": "hobby", "not_in": [2, 4]}, {"hobby": frozenset({1, 3})})


# --- problems --------------------------------------------------------------------------


def test_a_well_formed_in_condition_has_no_problems():
    assert problems({"item": "ko_kontakt", "in": [1]}, EARLIER) == []


def test_a_well_formed_not_in_condition_has_no_problems():
    assert problems({"item": "sb_dag", "not_in": [3, 8]}, EARLIER) == []


@pytest.mark.parametrize("condition", ["ko_kontakt == 1", ["ko_kontakt", 1], 1, None])
def test_a_condition_that_is_not_a_table_is_reported(condition):
    assert problems(condition, EARLIER) == ['must be a table like { item = "code", in = [1] }']


def test_a_condition_without_an_item_is_reported():
    assert problems({"in": [1]}, EARLIER) == ["needs 'item', the code of an earlier item"]


def test_a_condition_whose_item_is_not_text_is_reported():
    assert problems({"item": 1, "in": [1]}, EARLIER) == [
        "needs 'item', the code of an earlier item"
    ]


def test_a_condition_on_an_item_that_is_not_earlier_is_reported():
    assert problems({"item": "tryg", "in": [1]}, EARLIER) == [
        "refers to 'tryg', which is not an earlier item"
    ]


def test_a_condition_without_in_or_not_in_is_reported():
    assert problems({"item": "sb_dag"}, EARLIER) == ["needs exactly one of 'in' or 'not_in'"]


def test_a_condition_with_both_in_and_not_in_is_reported():
    assert problems({"item": "sb_dag", "in": [1], "not_in": [2]}, EARLIER) == [
        "needs exactly one of 'in' or 'not_in'"
    ]


@pytest.mark.parametrize(
    "codes",
    [[], 1, "1", ["1"], [1.0], [True], [1, None]],
    ids=["empty", "number", "text", "text-code", "float-code", "bool-code", "none-code"],
)
def test_codes_that_are_not_a_non_empty_list_of_whole_numbers_are_reported(codes):
    assert problems({"item": "sb_dag", "in": codes}, EARLIER) == [
        "'in' must be a non-empty list of answer codes"
    ]


def test_not_in_codes_are_checked_like_in_codes():
    assert problems({"item": "sb_dag", "not_in": []}, EARLIER) == [
        "'not_in' must be a non-empty list of answer codes"
    ]


def test_unknown_keys_in_a_condition_are_reported():
    assert problems({"item": "sb_dag", "in": [1], "and": "tryg", "or": 1}, EARLIER) == [
        "has unknown keys: and, or"
    ]


def test_every_problem_of_a_condition_is_reported():
    assert problems({"item": "tryg", "equals": 1}, EARLIER) == [
        "refers to 'tryg', which is not an earlier item",
        "needs exactly one of 'in' or 'not_in'",
        "has unknown keys: equals",
    ]


# --- in a file -------------------------------------------------------------------------

HEADER = """\
code = "betingelser"
version = 1
kind = "dialogue"
languages = ["da"]
title = { da = "Betingelser" }

[[items]]
code = "kontakt"
type = "yesno"
text = { da = "Har du en kontaktperson?" }

[[items]]
code = "mad"
type = "yesno"
text = { da = "Smager maden godt?" }
"""


def _load(tmp_path: Path, show_if: str):
    path = tmp_path / "betingelser.toml"
    path.write_text(HEADER + f"""
[[items]]
code = "tale"
type = "yesno"
show_if = {show_if}
text = {{ da = "Taler du tit med din kontaktperson?" }}
""", encoding="utf-8")
    return path, load_file(path)


def test_a_file_may_make_an_item_depend_on_any_earlier_item(tmp_path):
    _, (definition, found) = _load(tmp_path, '{ item = "kontakt", in = [1] }')
    assert found == []
    assert definition.item("tale")["show_if"] == {"item": "kontakt", "in": [1]}


def test_each_problem_of_a_condition_in_a_file_is_one_line_on_the_show_if_field(tmp_path):
    path, (definition, found) = _load(tmp_path, '{ item = "tale", in = [1], not_in = [0] }')
    assert definition is None
    assert [str(problem) for problem in found] == [
        f"{path}:tale:show_if: refers to 'tale', which is not an earlier item",
        f"{path}:tale:show_if: needs exactly one of 'in' or 'not_in'",
    ]


def test_a_condition_in_a_file_that_is_not_a_table_is_reported(tmp_path):
    path, (_, found) = _load(tmp_path, '"kontakt = 1"')
    assert [str(problem) for problem in found] == [
        f'{path}:tale:show_if: must be a table like {{ item = "code", in = [1] }}'
    ]
