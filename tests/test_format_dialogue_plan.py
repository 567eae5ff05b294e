"""The checker's rules for dialogue plans, framework tags, scale directions and indicators.

Each test writes a small file into tmp_path: a valid planned dialogue (two core items,
two modules of four, one closing item, all twelve compass markers) with one thing
changed, and expects one `file:item:field: message` line for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.questionnaire.format import check_file
from survey.questionnaire.frameworks import MARKER_THEMES

SCALE = """
[scales.jbn]
type = "pictorial"
options = [
  { code = 1, icon = "yes", label = { da = "Ja", en = "Yes" } },
  { code = 2, icon = "partly", label = { da = "Både og", en = "Partly" } },
  { code = 3, icon = "no", label = { da = "Nej", en = "No" } },
]
missing = [{ code = 8, kind = "dont_know", label = { da = "Ved ikke", en = "Don't know" } }]
positive = [1]
negative = [3]
"""

#: Item code → the markers it carries; core, module a, module b, closing.
MARKERS = {
    "c1": ["selvbestemmelse"], "c2": ["kontinuitet"],
    "a1": ["tryghed"], "a2": ["naervaer"], "a3": ["respekt"], "a4": ["hjemlighed"],
    "b1": ["hverdagsliv", "professionalisme"], "b2": ["sundhed", "selvhjulpenhed"],
    "b3": ["sammenhaeng"], "b4": ["betingelser"],
}

PLAN = """
[dialogue]
core = ["c1", "c2"]
closing = ["slut"]

[[modules]]
code = "a"
title = { da = "A", en = "A" }
items = ["a1", "a2", "a3", "a4"]

[[modules]]
code = "b"
title = { da = "B", en = "B" }
items = ["b1", "b2", "b3", "b4"]
"""


def header(kind: str = "dialogue") -> str:
    return f"""\
code = "proeve"
version = 1
kind = "{kind}"
languages = ["da", "en"]
title = {{ da = "Prøve", en = "Trial" }}
"""


def scale_item(code: str, markers: list[str] | None = None, extra: str = "") -> str:
    tags = ", ".join(f'"{marker}"' for marker in (markers if markers is not None else []))
    return f"""
[[items]]
code = "{code}"
type = "scale"
scale = "jbn"
markers = [{tags}]
text = {{ da = "Har du det godt?", en = "Are you well?" }}
{extra}"""


def text_item(code: str = "slut") -> str:
    return f"""
[[items]]
code = "{code}"
type = "text"
text = {{ da = "Hvad er vigtigst for dig?", en = "What matters most to you?" }}
"""


def items(**extra: str) -> str:
    """Every item of the valid file; ``extra`` adds TOML lines to an item by code."""
    return "".join(scale_item(code, markers, extra.get(code, ""))
                   for code, markers in MARKERS.items()) + text_item()


def write(folder: Path, body: str, kind: str = "dialogue") -> Path:
    path = folder / "proeve.toml"
    path.write_text(header(kind) + body, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [str(problem) for problem in check_file(path)[1]]


def lines(path: Path, *found: str) -> list[str]:
    return [f"{path}:{line}" for line in found]


# --- the plan ---------------------------------------------------------------------------


def test_a_complete_dialogue_plan_has_no_problems_and_no_warnings(tmp_path):
    definition, problems, warnings = check_file(write(tmp_path, SCALE + PLAN + items()))
    assert (problems, warnings) == ([], [])
    assert [item["code"] for item in definition.items_asked("b")] == [
        "c1", "c2", "b1", "b2", "b3", "b4", "slut"
    ]


def test_an_item_in_no_part_of_the_plan_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items() + scale_item("ekstra", ["tryghed"]))
    assert problems_of(path) == lines(
        path, "ekstra:dialogue: is in no part of the dialogue plan: add it to core, a module "
              "or closing")


def test_an_item_in_two_parts_of_the_plan_is_a_problem(tmp_path):
    plan = PLAN.replace('items = ["b1", "b2", "b3", "b4"]', 'items = ["b1", "b2", "b3", "b4", "a1"]')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "a1:dialogue: is in both module:a and module:b")


def test_an_unknown_item_in_the_core_is_a_problem(tmp_path):
    plan = PLAN.replace('core = ["c1", "c2"]', 'core = ["c1", "c2", "c3"]')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "dialogue:core: unknown item 'c3'")


def test_an_unknown_item_in_a_module_is_a_problem(tmp_path):
    plan = PLAN.replace('"a4"]', '"a4", "a5"]')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "module:a:items: unknown item 'a5'")


def test_a_module_of_three_items_is_a_problem(tmp_path):
    plan = PLAN.replace('items = ["a1", "a2", "a3", "a4"]', 'items = ["a1", "a2", "a3"]')
    plan = plan.replace('core = ["c1", "c2"]', 'core = ["c1", "c2", "a4"]')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "module:a:items: has 3 items; a module has 4 to 6")


def test_a_module_of_seven_items_is_a_problem(tmp_path):
    plan = PLAN.replace('"a4"]', '"a4", "a5", "a6", "a7"]')
    extra = "".join(scale_item(code, ["tryghed"]) for code in ("a5", "a6", "a7"))
    path = write(tmp_path, SCALE + plan + items() + extra)
    assert problems_of(path) == lines(path, "module:a:items: has 7 items; a module has 4 to 6")


def test_a_dialogue_of_five_closed_items_is_a_problem(tmp_path):
    # Module a asks a free-text item instead of a4: 2 core + 3 closed = 5.
    plan = PLAN.replace('"a4"]', '"fri"]').replace('"b4"]', '"b4", "a4"]')
    path = write(tmp_path, SCALE + plan + items() + text_item("fri"))
    assert problems_of(path) == lines(
        path, "module:a:items: core and module ask 5 closed items; a dialogue asks 6 to 9")


def test_a_dialogue_of_ten_closed_items_is_a_problem(tmp_path):
    plan = PLAN.replace('core = ["c1", "c2"]', 'core = ["c1", "c2", "k1", "k2"]')
    plan = plan.replace('"b4"]', '"b4", "b5", "b6"]')
    extra = "".join(scale_item(code, ["tryghed"]) for code in ("k1", "k2", "b5", "b6"))
    path = write(tmp_path, SCALE + plan + items() + extra)
    assert problems_of(path) == lines(
        path, "module:b:items: core and module ask 10 closed items; a dialogue asks 6 to 9")


def test_markers_no_core_or_module_item_carries_are_listed(tmp_path):
    markers = {**MARKERS, "b3": ["hverdagsliv"], "b4": ["hverdagsliv"]}
    body = "".join(scale_item(code, tags) for code, tags in markers.items()) + text_item()
    path = write(tmp_path, SCALE + PLAN + body)
    assert problems_of(path) == lines(
        path, "-:modules: core and modules leave out markers: sammenhaeng, betingelser")


def test_a_marker_only_the_closing_item_carries_is_not_covered(tmp_path):
    markers = {**MARKERS, "b4": ["hverdagsliv"]}
    body = "".join(scale_item(code, tags) for code, tags in markers.items())
    body += text_item().replace('type = "text"', 'type = "text"\nmarkers = ["betingelser"]')
    path = write(tmp_path, SCALE + PLAN + body)
    assert problems_of(path) == lines(
        path, "-:modules: core and modules leave out markers: betingelser")


def test_a_plan_outside_a_dialogue_questionnaire_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(), kind="relatives")
    assert problems_of(path) == lines(
        path, "-:dialogue: only a dialogue questionnaire has a dialogue plan",
        "-:modules: only a dialogue questionnaire has a dialogue plan")


def test_modules_without_a_dialogue_table_are_a_problem(tmp_path):
    plan = PLAN.replace('[dialogue]\ncore = ["c1", "c2"]\nclosing = ["slut"]\n', "")
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(
        path, "-:dialogue: needs a [dialogue] table with 'core' (and 'closing')")


def test_a_dialogue_table_without_modules_is_a_problem(tmp_path):
    plan = PLAN.split("[[modules]]")[0].replace('core = ["c1", "c2"]',
                                                'core = ["c1", "c2", "a1", "a2", "a3", "a4"]')
    plan = plan.replace('closing = ["slut"]', 'closing = ["slut", "b1", "b2", "b3", "b4"]')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(
        path, "-:modules: a dialogue plan needs at least one [[modules]] entry",
        "-:modules: core and modules leave out markers: hverdagsliv, professionalisme, sundhed, "
        "selvhjulpenhed, sammenhaeng, betingelser")


def test_an_unknown_key_in_the_dialogue_table_is_a_problem(tmp_path):
    plan = PLAN.replace('closing = ["slut"]', 'closing = ["slut"]\nrandom = true')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "dialogue:random: unknown key")


def test_a_duplicate_module_code_is_a_problem(tmp_path):
    plan = PLAN.replace('code = "b"', 'code = "a"')
    path = write(tmp_path, SCALE + plan + items())
    assert problems_of(path) == lines(path, "module:a:code: duplicate module code")


def test_a_module_code_longer_than_the_database_column_is_a_problem(tmp_path):
    long_code = "m" * 33
    path = write(tmp_path, SCALE + PLAN.replace('code = "b"', f'code = "{long_code}"') + items())
    assert problems_of(path) == lines(
        path, f"module:{long_code}:code: needs a code of at most 32 lower-case letters, "
              "digits, '-' and '_'")


def test_a_module_needs_a_title_in_every_language(tmp_path):
    path = write(tmp_path, SCALE + PLAN.replace('title = { da = "B", en = "B" }',
                                                'title = { da = "B" }') + items())
    assert problems_of(path) == lines(path, "module:b:title: missing translation 'en'")


# --- show_if follows the order of the dialogue, not of the file ------------------------


def test_a_module_item_may_depend_on_a_core_item(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(a2='show_if = { item = "c1", in = [1] }'))
    assert problems_of(path) == []


def test_a_module_item_may_depend_on_an_earlier_item_of_its_module_written_later(tmp_path):
    # a1 is asked before a2, though the file writes a2 first.
    body = items(a1='show_if = { item = "a2", in = [1] }')
    plan = PLAN.replace('["a1", "a2", "a3", "a4"]', '["a2", "a1", "a3", "a4"]')
    path = write(tmp_path, SCALE + plan + body)
    assert problems_of(path) == []


def test_an_item_may_not_depend_on_an_item_of_another_module(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(b1='show_if = { item = "a1", in = [1] }'))
    assert problems_of(path) == lines(
        path, "b1:show_if: refers to 'a1', which is not an earlier item")


def test_a_core_item_may_not_depend_on_a_module_item(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(c2='show_if = { item = "a1", in = [1] }'))
    assert problems_of(path) == lines(
        path, "c2:show_if: refers to 'a1', which is not an earlier item")


def test_a_closing_item_may_not_depend_on_a_module_item(tmp_path):
    # The closing items follow every module, so a module item is not always asked first.
    body = items() + text_item("tak").replace(
        'type = "text"', 'type = "text"\nshow_if = { item = "a1", in = [1] }')
    plan = PLAN.replace('closing = ["slut"]', 'closing = ["slut", "tak"]')
    path = write(tmp_path, SCALE + plan + body)
    assert problems_of(path) == lines(
        path, "tak:show_if: refers to 'a1', which is not an earlier item")


# --- framework tags on items -----------------------------------------------------------


def test_elder_act_values_and_quality_model_themes_are_accepted(tmp_path):
    tags = 'elder_act = ["selvbestemmelse", "tillid"]\nquality_model = ["brugerinddragelse"]'
    assert problems_of(write(tmp_path, SCALE + PLAN + items(c1=tags))) == []


def test_an_unknown_elder_act_value_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(c1='elder_act = ["frihed"]'))
    assert problems_of(path) == lines(
        path, "c1:elder_act: unknown value 'frihed', use one of selvbestemmelse, tillid, "
              "paaroerende_og_faellesskab")


def test_an_unknown_quality_model_theme_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(c1='quality_model = ["trivsel"]'))
    assert problems_of(path) == lines(
        path, "c1:quality_model: unknown value 'trivsel', use one of ledelse, arbejdsmiljoe, "
              "kompetenceudvikling, brugerinddragelse, individuelle_planer, kommunikation")


def test_framework_tags_must_be_lists(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items(c1='elder_act = "tillid"'))
    assert problems_of(path) == lines(path, 'c1:elder_act: must be a list, like ["selvbestemmelse"]')


# --- positive and negative answers on scales --------------------------------------------


def test_a_scale_in_a_planned_dialogue_needs_positive_and_negative(tmp_path):
    scale = SCALE.replace("positive = [1]\nnegative = [3]\n", "")
    path = write(tmp_path, scale + PLAN + items())
    assert problems_of(path) == lines(
        path, "scale:jbn:positive: needs the option codes that count as a positive answer, "
              "like [1]",
        "scale:jbn:negative: needs the option codes that count as a negative answer, "
        "like [1]")


def test_a_scale_of_a_relatives_questionnaire_needs_positive_and_negative(tmp_path):
    scale = SCALE.replace("negative = [3]\n", "")
    path = write(tmp_path, scale + scale_item("k1"), kind="relatives")
    assert problems_of(path) == lines(
        path, "scale:jbn:negative: needs the option codes that count as a negative answer, "
              "like [1]")


def test_a_dialogue_without_a_plan_may_leave_positive_and_negative_out(tmp_path):
    scale = SCALE.replace("positive = [1]\nnegative = [3]\n", "")
    assert problems_of(write(tmp_path, scale + scale_item("k1"))) == []


def test_a_missing_code_cannot_count_as_positive(tmp_path):
    path = write(tmp_path, SCALE.replace("positive = [1]", "positive = [1, 8]") + PLAN + items())
    assert problems_of(path) == lines(
        path, "scale:jbn:positive: 8 is a missing code, not an answer option")


def test_an_unknown_code_cannot_count_as_negative(tmp_path):
    path = write(tmp_path, SCALE.replace("negative = [3]", "negative = [4]") + PLAN + items())
    assert problems_of(path) == lines(path, "scale:jbn:negative: unknown option code 4")


def test_a_code_cannot_count_as_both_positive_and_negative(tmp_path):
    path = write(tmp_path, SCALE.replace("negative = [3]", "negative = [1, 3]") + PLAN + items())
    assert problems_of(path) == lines(path, "scale:jbn:negative: 1 also counted as positive")


@pytest.mark.parametrize("value", ["[]", "1", '["1"]'])
def test_positive_must_be_a_non_empty_list_of_codes(tmp_path, value):
    path = write(tmp_path, SCALE.replace("positive = [1]", f"positive = {value}") + PLAN + items())
    assert problems_of(path) == lines(
        path, "scale:jbn:positive: must be a non-empty list of option codes")


# --- indicators by items, marker or theme -----------------------------------------------

INDICATOR = """
[[indicators]]
code = "i"
label = {{ da = "I", en = "I" }}
rule = "top_box"
{source}
"""


def indicator(source: str) -> str:
    return INDICATOR.format(source=source)


@pytest.mark.parametrize("source", ['items = ["c1", "a1"]', 'marker = "kontinuitet"',
                                    'theme = "omsorg"'])
def test_an_indicator_is_defined_by_items_a_marker_or_a_theme(tmp_path, source):
    assert problems_of(write(tmp_path, SCALE + PLAN + items() + indicator(source))) == []


def test_an_indicator_with_two_sources_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items()
                 + indicator('items = ["c1"]\nmarker = "kontinuitet"'))
    assert problems_of(path) == lines(
        path, "indicator:i:items: needs exactly one of 'items', 'marker' or 'theme'")


def test_an_indicator_without_a_source_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items() + indicator(""))
    assert problems_of(path) == lines(
        path, "indicator:i:items: needs exactly one of 'items', 'marker' or 'theme'")


def test_an_indicator_on_an_unknown_marker_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items() + indicator('marker = "glaede"'))
    assert problems_of(path) == lines(
        path, f"indicator:i:marker: unknown marker 'glaede', use one of {', '.join(MARKER_THEMES)}")


def test_an_indicator_on_an_unknown_theme_is_a_problem(tmp_path):
    path = write(tmp_path, SCALE + PLAN + items() + indicator('theme = "trivsel"'))
    assert problems_of(path) == lines(
        path, "indicator:i:theme: unknown theme 'trivsel', use one of vaerdighed, livskvalitet, "
              "omsorg, styring")


def test_an_indicator_on_a_marker_no_scored_item_carries_is_a_problem(tmp_path):
    # Only a free-text item carries "betingelser": it has no positive or negative answers.
    body = scale_item("k1", ["tryghed"]) + text_item().replace(
        'type = "text"', 'type = "text"\nmarkers = ["betingelser"]')
    path = write(tmp_path, SCALE + body + indicator('marker = "betingelser"'))
    assert problems_of(path) == lines(
        path, "indicator:i:marker: no scale or yes/no item carries marker 'betingelser'")
