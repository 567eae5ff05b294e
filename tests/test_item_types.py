"""The item types: form data becomes Answer columns and back, codes, exports and labels.

Each registered type is one class in survey/questionnaire/items.py; the tests read the
items of tests/fixtures/questionnaires/all-item-types.toml, which uses every type once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectChoice

from survey.models import Answer
from survey.questionnaire.definition import Definition
from survey.questionnaire.format import load_file
from survey.questionnaire.items import (
    REGISTRY,
    Choice,
    ItemType,
    item_type,
    register,
)
from tests.conftest import PROJECT_DIR

FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "questionnaires" / "all-item-types.toml"
BUILT_IN = ["scale", "single", "multiple", "yesno", "text", "number"]
ANSWER_COLUMNS = {"value_code", "value_number", "value_text"}


@pytest.fixture(scope="module")
def definition() -> Definition:
    loaded, found = load_file(FIXTURE)
    assert found == []
    return loaded


def form_for(item, definition: Definition, language: str = "da", **kwargs) -> Form:
    """A form with the item's own field as ``value``, as the dialogue builds it."""
    form_class = type("AnswerForm", (Form,), {"value": item_type(item).field(item, definition,
                                                                              language)})
    return form_class(**kwargs)


def posted(item, definition: Definition, *values: str) -> Form:
    form = form_for(item, definition, formdata=MultiDict([("value", v) for v in values]))
    assert form.validate(), form.errors
    return form


def stored(kind: ItemType, value) -> Answer:
    columns = kind.to_columns(value)
    assert set(columns) == ANSWER_COLUMNS
    return Answer(item_code="x", **columns)


def test_the_six_built_in_types_are_registered_by_the_names_used_in_files():
    assert list(REGISTRY)[:6] == BUILT_IN
    assert all(REGISTRY[name].name == name for name in REGISTRY)


def test_the_fixture_questionnaire_uses_every_registered_type(definition):
    assert {item["type"] for item in definition.items} == set(REGISTRY)


def test_item_types_of_a_definition_come_from_the_registry(definition):
    assert [(item["code"], kind.name) for item, kind in definition.item_types()] == [
        ("humoer", "scale"), ("bolig", "single"), ("aktiviteter", "multiple"),
        ("gaatur_ofte", "yesno"), ("ord", "text"), ("alder", "number"),
    ]


# --- the whole way: form data → Answer columns → form value ----------------------------

ROUND_TRIPS = [
    # item, posted values, field data, Answer columns, form value after storing
    ("humoer", ["2"], 2, {"value_code": 2}, 2),
    ("bolig", ["9"], 9, {"value_code": 9}, 9),
    ("aktiviteter", ["3", "1"], [3, 1], {"value_text": "1;3"}, [1, 3]),
    ("gaatur_ofte", ["0"], 0, {"value_code": 0}, 0),
    ("ord", ["  Mine børn  "], "  Mine børn  ", {"value_text": "Mine børn"}, "Mine børn"),
    ("alder", ["87"], 87.0, {"value_number": 87.0}, 87.0),
]


@pytest.mark.parametrize(
    ("code", "values", "data", "columns", "form_value"), ROUND_TRIPS,
    ids=[row[0] for row in ROUND_TRIPS],
)
def test_form_data_becomes_answer_columns_and_back(app, definition, code, values, data,
                                                   columns, form_value):
    item = definition.item(code)
    kind = item_type(item)
    with app.app_context():  # yes/no wording comes from the interface catalogue
        form = posted(item, definition, *values)
        assert form.value.data == data
        answer = stored(kind, form.value.data)
        assert {name: getattr(answer, name) for name in ANSWER_COLUMNS} == {
            "value_code": None, "value_number": None, "value_text": None, **columns
        }
        assert kind.form_value(answer) == form_value
        # The stored answer fills the form again when the item is shown a second time.
        shown = form_for(item, definition, data={"value": kind.form_value(answer)})
        assert shown.value.data == form_value


# --- scale -----------------------------------------------------------------------------


def test_a_scale_answer_is_stored_as_its_code():
    assert REGISTRY["scale"].to_columns(2) == {
        "value_code": 2, "value_number": None, "value_text": None
    }


def test_a_scale_answer_gives_its_code_to_conditions_and_exports():
    kind = REGISTRY["scale"]
    answer = stored(kind, 3)
    assert (kind.codes(answer), kind.export_code(answer)) == (frozenset({3}), "3")


def test_a_scale_answer_is_labelled_in_the_response_language(definition):
    item, kind = definition.item("humoer"), REGISTRY["scale"]
    answer = stored(kind, 2)
    assert kind.label(answer, item, definition, "da") == "Både og"
    assert kind.label(answer, item, definition, "en") == "Partly"


def test_a_scale_offers_its_options_then_its_missing_codes_with_icons(definition):
    choices = REGISTRY["scale"].choices(definition.item("humoer"), definition, "en")
    assert choices == [
        Choice(1, "Good", "yes"), Choice(2, "Partly", "partly"), Choice(3, "Bad", "no"),
        Choice(8, "Don't know", "dont-know", missing=True),
    ]


def test_a_scale_missing_code_is_stored_and_labelled_like_an_option(definition):
    item, kind = definition.item("humoer"), REGISTRY["scale"]
    answer = stored(kind, 8)
    assert (answer.value_code, kind.export_code(answer)) == (8, "8")
    assert kind.label(answer, item, definition, "da") == "Ved ikke"


def test_a_scale_field_refuses_a_code_that_is_not_offered(definition):
    form = form_for(definition.item("humoer"), definition, formdata=MultiDict({"value": "5"}))
    assert not form.validate()


def test_an_unanswered_coded_item_has_no_codes_and_an_empty_export():
    kind = REGISTRY["scale"]
    answer = stored(kind, None)
    assert (kind.codes(answer), kind.export_code(answer), kind.form_value(answer)) == (
        frozenset(), "", None
    )


# --- single ----------------------------------------------------------------------------


def test_a_single_choice_is_stored_as_its_code():
    assert REGISTRY["single"].to_columns(1) == {
        "value_code": 1, "value_number": None, "value_text": None
    }


def test_a_single_choice_is_labelled_from_the_items_own_options(definition):
    item, kind = definition.item("bolig"), REGISTRY["single"]
    answer = stored(kind, 2)
    assert (kind.codes(answer), kind.export_code(answer)) == (frozenset({2}), "2")
    assert kind.label(answer, item, definition, "da") == "Lejlighed"
    assert kind.label(answer, item, definition, "en") == "Flat"


def test_a_single_choice_offers_its_missing_codes_as_missing(definition):
    choices = REGISTRY["single"].choices(definition.item("bolig"), definition, "da")
    assert [(c.code, c.label, c.missing) for c in choices] == [
        (1, "Stue", False), (2, "Lejlighed", False), (9, "Vil ikke svare", True),
    ]


def test_a_stored_code_that_is_no_longer_an_option_is_labelled_by_its_number(definition):
    item, kind = definition.item("bolig"), REGISTRY["single"]
    assert kind.label(stored(kind, 4), item, definition, "da") == "4"


# --- multiple --------------------------------------------------------------------------


def test_multiple_choices_are_stored_as_sorted_unique_codes_in_the_text_column():
    assert REGISTRY["multiple"].to_columns([3, 1, 3]) == {
        "value_code": None, "value_number": None, "value_text": "1;3"
    }


def test_no_multiple_choices_store_nothing():
    kind = REGISTRY["multiple"]
    assert kind.to_columns([])["value_text"] is None
    assert kind.to_columns(None)["value_text"] is None


def test_multiple_choices_give_every_code_to_conditions_and_exports():
    kind = REGISTRY["multiple"]
    answer = stored(kind, [2, 1, 3])
    assert kind.codes(answer) == frozenset({1, 2, 3})
    assert kind.export_code(answer) == "1;2;3"
    assert kind.form_value(answer) == [1, 2, 3]


def test_multiple_choices_are_labelled_in_code_order(definition):
    item, kind = definition.item("aktiviteter"), REGISTRY["multiple"]
    answer = stored(kind, [3, 1])
    assert kind.label(answer, item, definition, "da") == "Sang, Banko"
    assert kind.label(answer, item, definition, "en") == "Singing, Bingo"


def test_an_empty_multiple_choice_answer_has_no_codes():
    kind = REGISTRY["multiple"]
    answer = stored(kind, [])
    assert (kind.codes(answer), kind.export_code(answer), kind.form_value(answer)) == (
        frozenset(), "", []
    )


# --- yes/no ----------------------------------------------------------------------------


def test_yes_is_stored_as_1_and_no_as_0():
    kind = REGISTRY["yesno"]
    assert (kind.to_columns(1)["value_code"], kind.to_columns(0)["value_code"]) == (1, 0)


def test_a_no_answer_still_has_a_code_for_conditions():
    kind = REGISTRY["yesno"]
    answer = stored(kind, 0)
    assert (kind.codes(answer), kind.export_code(answer)) == (frozenset({0}), "0")


def test_yes_and_no_are_worded_in_the_response_language(app, definition):
    item, kind = definition.item("gaatur_ofte"), REGISTRY["yesno"]
    with app.app_context():
        assert kind.label(stored(kind, 1), item, definition, "da") == "Ja"
        assert kind.label(stored(kind, 0), item, definition, "da") == "Nej"
        assert kind.label(stored(kind, 1), item, definition, "en") == "Yes"
        assert kind.label(stored(kind, 0), item, definition, "en") == "No"


def test_yes_and_no_follow_the_response_language_not_the_interface_language(app, definition):
    item, kind = definition.item("gaatur_ofte"), REGISTRY["yesno"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert [c.label for c in kind.choices(item, definition, "da")] == ["Ja", "Nej"]


def test_yes_and_no_carry_their_pictograms(app, definition):
    with app.app_context():
        choices = REGISTRY["yesno"].choices(definition.item("gaatur_ofte"), definition, "en")
    assert [(c.code, c.icon) for c in choices] == [(1, "yes"), (0, "no")]


# --- text ------------------------------------------------------------------------------


def test_free_text_is_stored_trimmed_in_the_text_column():
    assert REGISTRY["text"].to_columns("  Mine børnebørn.\n") == {
        "value_code": None, "value_number": None, "value_text": "Mine børnebørn."
    }


def test_blank_free_text_stores_nothing():
    assert REGISTRY["text"].to_columns("   \n")["value_text"] is None
    assert REGISTRY["text"].to_columns(None)["value_text"] is None


def test_free_text_has_no_codes_and_no_export_code_but_reads_as_itself(definition):
    item, kind = definition.item("ord"), REGISTRY["text"]
    answer = stored(kind, "At komme ud i haven.")
    assert (kind.codes(answer), kind.export_code(answer)) == (frozenset(), "")
    assert kind.label(answer, item, definition, "en") == "At komme ud i haven."
    assert kind.form_value(answer) == "At komme ud i haven."


def test_free_text_longer_than_max_length_is_refused(definition):
    form = form_for(definition.item("ord"), definition,
                    formdata=MultiDict({"value": "x" * 21}))
    assert not form.validate()


def test_only_free_text_answers_are_marked_as_free_text():
    assert [name for name in BUILT_IN if REGISTRY[name].free_text] == ["text"]


def test_only_text_and_number_answers_carry_no_codes():
    assert [name for name in BUILT_IN if not REGISTRY[name].coded] == ["text", "number"]


# --- number ----------------------------------------------------------------------------


def test_a_number_is_stored_in_the_number_column():
    assert REGISTRY["number"].to_columns(87.0) == {
        "value_code": None, "value_number": 87.0, "value_text": None
    }


def test_a_whole_number_is_exported_and_labelled_without_decimals(definition):
    item, kind = definition.item("alder"), REGISTRY["number"]
    answer = stored(kind, 87.0)
    assert kind.export_code(answer) == "87"
    assert kind.label(answer, item, definition, "da") == "87"


def test_a_fraction_is_exported_as_it_is():
    kind = REGISTRY["number"]
    assert kind.export_code(stored(kind, 2.5)) == "2.5"


def test_a_number_has_no_codes_for_conditions():
    kind = REGISTRY["number"]
    assert kind.codes(stored(kind, 3.0)) == frozenset()


def test_an_unanswered_number_exports_as_empty():
    kind = REGISTRY["number"]
    answer = stored(kind, None)
    assert (kind.export_code(answer), kind.form_value(answer)) == ("", None)


@pytest.mark.parametrize("value", ["59", "121", "tres"])
def test_a_number_outside_min_and_max_or_not_a_number_is_refused(definition, value):
    form = form_for(definition.item("alder"), definition, formdata=MultiDict({"value": value}))
    assert not form.validate()


# --- a new type is one class -----------------------------------------------------------


class StarsItem(ItemType):
    """One to ``stars`` stars: what a new item type needs, and nothing else."""

    name = "stars"
    keys = frozenset({"stars"})
    saves_on_tap = True

    def problems(self, item, data):
        stars = item.get("stars", 5)
        if type(stars) is not int or not 1 <= stars <= 10:
            return [("stars", "must be a whole number from 1 to 10")]
        return []

    def choices(self, item, definition, language):
        return [Choice(n, "★" * n) for n in range(1, item.get("stars", 5) + 1)]

    def field(self, item, definition, language):
        choices = self.choices(item, definition, language)
        return RadioField(choices=[SelectChoice(c.code, c.label) for c in choices], coerce=int)


@pytest.fixture
def stars(monkeypatch: pytest.MonkeyPatch) -> ItemType:
    """Register StarsItem for one test; monkeypatch takes it out of the registry again."""
    monkeypatch.setitem(REGISTRY, StarsItem.name, None)
    register(StarsItem)
    return REGISTRY[StarsItem.name]


STARS_FILE = """\
code = "stjerner"
version = 1
kind = "dialogue"
languages = ["da", "en"]
title = {{ da = "Stjerner", en = "Stars" }}

[[items]]
code = "maden"
type = "stars"
{stars}
text = {{ da = "Hvor god er maden?", en = "How good is the food?" }}

[[items]]
code = "mere"
type = "yesno"
show_if = {{ item = "maden", in = [1, 2] }}
text = {{ da = "Skal vi tale om maden?", en = "Shall we talk about the food?" }}
"""


def write_stars(folder: Path, stars: str = "stars = 3") -> Path:
    path = folder / "stjerner.toml"
    path.write_text(STARS_FILE.format(stars=stars), encoding="utf-8")
    return path


def test_register_adds_a_type_under_its_name(stars):
    assert isinstance(stars, StarsItem)
    assert item_type({"type": "stars"}) is stars


def test_the_checker_accepts_an_item_of_a_newly_registered_type(stars, tmp_path):
    definition, found = load_file(write_stars(tmp_path))
    assert found == []
    assert definition.item("maden")["stars"] == 3


def test_the_check_command_accepts_an_item_of_a_newly_registered_type(stars, runner, tmp_path):
    result = runner.invoke(args=["check-questionnaires", str(write_stars(tmp_path))])
    assert (result.exit_code, result.output) == (0, "1 file(s) checked, no problems\n")


def test_a_new_types_own_checks_are_reported_on_its_item(stars, tmp_path):
    path = write_stars(tmp_path, "stars = 11")
    _, found = load_file(path)
    assert [str(problem) for problem in found] == [
        f"{path}:maden:stars: must be a whole number from 1 to 10"
    ]


def test_a_new_types_keys_are_unknown_to_other_types(stars, tmp_path):
    path = tmp_path / "stjerner.toml"
    path.write_text(STARS_FILE.format(stars="stars = 3").replace(
        'type = "yesno"', 'type = "yesno"\nstars = 3'), encoding="utf-8")
    _, found = load_file(path)
    assert [str(problem) for problem in found] == [f"{path}:mere:stars: unknown key for a yesno item"]


def test_a_new_type_stores_exports_and_labels_its_codes_like_the_built_in_ones(stars, tmp_path):
    definition, _ = load_file(write_stars(tmp_path))
    item = definition.item("maden")
    form = posted(item, definition, "2")
    answer = stored(stars, form.value.data)
    assert (answer.value_code, stars.codes(answer), stars.export_code(answer)) == (
        2, frozenset({2}), "2"
    )
    assert stars.label(answer, item, definition, "da") == "★★"
    assert stars.form_value(answer) == 2


def test_without_registration_the_new_type_is_unknown(tmp_path):
    path = write_stars(tmp_path)
    _, found = load_file(path)
    assert [str(problem) for problem in found] == [
        f"{path}:maden:type: unknown type 'stars', use one of {', '.join(REGISTRY)}"
    ]


def test_a_number_item_with_only_a_negative_max_is_accepted(tmp_path):
    path = tmp_path / "grader.toml"
    path.write_text("""\
code = "grader"
version = 1
kind = "dialogue"
languages = ["da"]
title = { da = "Grader" }

[[items]]
code = "frost"
type = "number"
max = -1
text = { da = "Hvor mange graders frost var der i nat?" }
""", encoding="utf-8")
    assert load_file(path)[1] == []


def test_an_infinite_number_is_refused(definition):
    item = dict(definition.item("alder"))
    del item["max"]
    form = form_for(item, definition, formdata=MultiDict({"value": "inf"}))
    assert not form.validate()
