"""Reading and checking questionnaire files, and the app's refusal to start on a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.questionnaire.checks import pictograms
from survey.questionnaire.definition import Definition
from survey.questionnaire.format import Problem, load_all, load_file
from survey.questionnaire.store import InvalidQuestionnaires
from tests.conftest import PROJECT_DIR, migrate_database

SHIPPED_DIR = PROJECT_DIR / "questionnaires"
SHIPPED_FILES = sorted(SHIPPED_DIR.glob("*.toml"))
FIXTURES = PROJECT_DIR / "tests" / "fixtures"

HEADER = """\
code = "proeve"
version = 1
kind = "dialogue"
languages = ["da", "en"]
title = { da = "Prøve", en = "Trial" }
"""

ITEM = """
[[items]]
code = "kontakt"
type = "yesno"
text = { da = "Har du en kontaktperson?", en = "Do you have a contact person?" }
"""


def write(folder: Path, text: str, name: str = "proeve.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lines(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


# --- the shipped files -----------------------------------------------------------------


def test_questionnaires_are_shipped():
    assert [path.name for path in SHIPPED_FILES] != []
    assert "min-hverdag.toml" in [path.name for path in SHIPPED_FILES]


def test_the_shipped_questionnaires_load_with_no_problems():
    definitions, problems = load_all([SHIPPED_DIR])
    assert lines(problems) == []
    assert len(definitions) == len(SHIPPED_FILES)


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[path.name for path in SHIPPED_FILES])
def test_each_shipped_questionnaire_is_named_after_its_code(path):
    definition, problems = load_file(path)
    assert lines(problems) == []
    assert definition.code == path.stem


def test_the_frozen_questionnaire_of_the_flow_tests_loads_with_no_problems():
    definitions, problems = load_all([FIXTURES / "app_questionnaires"])
    assert (lines(problems), [d.code for d in definitions]) == ([], ["min-hverdag"])


def test_the_shipped_pictograms_include_every_icon_the_shipped_files_use():
    used = {
        entry["icon"]
        for definition in load_all([SHIPPED_DIR])[0]
        for scale in definition.data.get("scales", {}).values()
        for entry in [*scale["options"], *scale.get("missing", [])]
        if "icon" in entry
    }
    assert used and used <= pictograms()


# --- the app refuses to start ----------------------------------------------------------


@pytest.fixture
def broken_config(app_config: dict, tmp_path: Path) -> dict:
    """App settings on a migrated database whose questionnaire folder holds a broken file."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    migrate_database(app_config["DATABASE_URL"])
    return {**app_config, "QUESTIONNAIRE_DIR": str(folder)}


def _create_app(config: dict):
    from survey import create_app
    from survey.db import db

    try:
        return create_app(config)
    finally:
        db.close_all()


def test_the_app_refuses_to_start_on_an_invalid_questionnaire_file(broken_config):
    folder = Path(broken_config["QUESTIONNAIRE_DIR"])
    path = write(folder, HEADER + ITEM + ITEM.replace('type = "yesno"', 'type = "bad type"'))
    with pytest.raises(InvalidQuestionnaires) as raised:
        _create_app(broken_config)
    assert str(raised.value).splitlines() == [
        f"{path}:kontakt:code: duplicate item code",
        f"{path}:kontakt:type: unknown type 'bad type', use one of "
        "scale, single, multiple, yesno, text, number",
    ]


def test_the_refusal_carries_the_problems_the_checker_prints(broken_config, runner):
    folder = Path(broken_config["QUESTIONNAIRE_DIR"])
    path = write(folder, HEADER + ITEM.replace(', en = "Do you have a contact person?"', ""))
    with pytest.raises(InvalidQuestionnaires) as raised:
        _create_app(broken_config)
    printed = runner.invoke(args=["check-questionnaires", str(folder)])
    assert printed.exit_code == 1
    assert str(raised.value) + "\n" == printed.output
    assert raised.value.problems == [Problem(str(path), "kontakt", "text",
                                             "missing translation 'en'")]


def test_the_app_refuses_to_start_on_a_questionnaire_file_with_a_syntax_error(broken_config):
    folder = Path(broken_config["QUESTIONNAIRE_DIR"])
    path = write(folder, 'code = "proeve"\nversion = 1\nkind = dialogue\n')
    with pytest.raises(InvalidQuestionnaires, match=r"^.*:line 3:syntax: Invalid value$") as raised:
        _create_app(broken_config)
    assert str(raised.value) == f"{path}:line 3:syntax: Invalid value"


def test_the_refusal_lists_the_problems_of_every_broken_file(broken_config):
    folder = Path(broken_config["QUESTIONNAIRE_DIR"])
    write(folder, HEADER + ITEM, "a-good.toml")
    second = write(folder, HEADER.replace('"proeve"', '"anden"') + ITEM.replace(
        'type = "yesno"', 'type = "yesno"\nmarkers = ["glaede"]'), "b-marker.toml")
    third = write(folder, HEADER.replace('"proeve"', '"tredje"'), "c-empty.toml")
    with pytest.raises(InvalidQuestionnaires) as raised:
        _create_app(broken_config)
    assert str(raised.value).splitlines() == [
        f"{second}:kontakt:markers: unknown marker 'glaede'",
        f"{third}:-:items: needs at least one [[items]] entry",
    ]


def test_the_app_starts_when_every_questionnaire_file_is_valid(broken_config):
    folder = Path(broken_config["QUESTIONNAIRE_DIR"])
    write(folder, HEADER + ITEM)
    assert _create_app(broken_config) is not None


# --- reading a file --------------------------------------------------------------------


def test_a_problem_reads_file_item_field_message():
    problem = Problem("questionnaires/x.toml", "sb_dag", "scale", "unknown scale 'ja-nej'")
    assert str(problem) == "questionnaires/x.toml:sb_dag:scale: unknown scale 'ja-nej'"


def test_a_file_with_problems_gives_no_definition(tmp_path):
    definition, problems = load_file(write(tmp_path, HEADER + ITEM + ITEM))
    assert definition is None
    assert len(problems) == 1


def test_a_file_can_be_reported_under_another_name(tmp_path):
    _, problems = load_file(write(tmp_path, HEADER + ITEM + ITEM), "shipped/proeve.toml")
    assert lines(problems) == ["shipped/proeve.toml:kontakt:code: duplicate item code"]


def test_a_file_that_cannot_be_read_is_reported_on_its_file_field(tmp_path):
    path = tmp_path / "gone.toml"
    _, problems = load_all([path])
    assert [(p.file, p.item, p.field) for p in problems] == [(str(path), "-", "file")]
    assert "No such file" in problems[0].message


def test_a_file_that_is_not_utf8_is_reported_on_its_file_field(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes((HEADER + ITEM).encode("latin-1"))
    _, problems = load_file(path)
    assert [(p.file, p.item, p.field) for p in problems] == [(str(path), "-", "file")]


def test_a_folder_is_read_in_file_name_order_and_other_files_are_ignored(tmp_path):
    write(tmp_path, HEADER.replace('"proeve"', '"b"') + ITEM, "b.toml")
    write(tmp_path, HEADER.replace('"proeve"', '"a"') + ITEM, "a.toml")
    write(tmp_path, "not a questionnaire", "notes.txt")
    definitions, problems = load_all([tmp_path])
    assert (problems, [d.code for d in definitions]) == ([], ["a", "b"])


def test_a_text_in_a_language_that_is_not_listed_is_reported(tmp_path):
    path = write(tmp_path, HEADER + ITEM.replace('en = "Do', 'de = "Haben Sie?", en = "Do'))
    assert lines(load_file(path)[1]) == [
        f"{path}:kontakt:text: text in 'de', which is not in 'languages'"
    ]


@pytest.mark.parametrize(
    ("replace", "by", "line"),
    [
        ('code = "proeve"', 'code = "Prøve"',
         "-:code: needs a code of lower-case letters, digits, '-' and '_'"),
        ("version = 1", "version = 0", "-:version: needs a whole number of 1 or more"),
        ('kind = "dialogue"', 'kind = "survey"', "-:kind: must be one of dialogue, relatives, staff"),
        ('languages = ["da", "en"]', "languages = []",
         '-:languages: needs a list of language codes, like ["da", "en"]'),
        ('title = { da = "Prøve", en = "Trial" }', 'title = "Prøve"',
         '-:title: needs a text per language, like { da = "...", en = "..." }'),
    ],
    ids=["code", "version", "kind", "languages", "title"],
)
def test_a_malformed_top_level_field_is_reported_on_the_file_itself(tmp_path, replace, by, line):
    path = write(tmp_path, HEADER.replace(replace, by) + ITEM)
    assert f"{path}:{line}" in lines(load_file(path)[1])


@pytest.mark.parametrize(
    ("scale", "line"),
    [
        ('type = "stars"\noptions = [{ code = 1, label = { da = "A", en = "A" } }]',
         "scale:s:type: must be 'pictorial' or 'labelled'"),
        ('type = "labelled"\noptions = [{ code = 1, label = { da = "A", en = "A" } },'
         ' { code = 1, label = { da = "B", en = "B" } }]',
         "scale:s:options: code 1 is used twice"),
        ('type = "labelled"\noptions = [{ code = 1 }]',
         "scale:s:options: code 1 needs a 'label'"),
        ('type = "labelled"\noptions = [{ code = 1, label = { da = "A", en = "A" } }]\n'
         'missing = [{ code = 9, label = { da = "?", en = "?" } }]',
         "scale:s:missing: code 9 needs 'kind', one of "
         "dont_know, rather_not_say, could_not_answer, not_relevant"),
        ('type = "labelled"\noptions = [{ code = "1", label = { da = "A", en = "A" } }]',
         "scale:s:options: every option needs a whole-number 'code'"),
    ],
    ids=["type", "duplicate-code", "no-label", "missing-kind", "text-code"],
)
def test_a_malformed_scale_is_reported_under_its_name(tmp_path, scale, line):
    path = write(tmp_path, HEADER + "\n[scales.s]\n" + scale + "\n" + ITEM)
    assert f"{path}:{line}" in lines(load_file(path)[1])


def test_an_indicator_on_an_unknown_rule_is_reported_under_its_code(tmp_path):
    path = write(tmp_path, HEADER + ITEM + """
[[indicators]]
code = "kontakt"
label = { da = "Kontakt", en = "Contact" }
rule = "mean"
items = ["kontakt"]
""")
    assert lines(load_file(path)[1]) == [f"{path}:indicator:kontakt:rule: must be one of top_box"]


# --- the parsed definition -------------------------------------------------------------


def test_the_content_hash_ignores_comments_layout_and_key_order(tmp_path):
    original = load_file(write(tmp_path, HEADER + ITEM, "a.toml"))[0]
    relaid = load_file(write(tmp_path, "# A comment\n\n" + "\n".join(
        reversed(HEADER.splitlines())) + "\n\n\n" + ITEM.replace("code", "code  "), "b.toml"))[0]
    assert relaid.content_hash == original.content_hash


def test_the_content_hash_changes_with_any_text(tmp_path):
    original = load_file(write(tmp_path, HEADER + ITEM, "a.toml"))[0]
    changed = load_file(write(tmp_path, HEADER + ITEM.replace("kontaktperson?", "kontakt?"),
                              "b.toml"))[0]
    assert changed.content_hash != original.content_hash


def test_a_definition_survives_its_json_round_trip():
    definition = load_file(SHIPPED_FILES[0])[0]
    again = Definition.from_json(definition.to_json())
    assert (again.data, again.content_hash) == (definition.data, definition.content_hash)


def test_a_text_missing_in_a_language_falls_back_to_the_first_language():
    definition = Definition({"languages": ["da", "en"]})
    assert definition.text({"da": "Ja", "en": "Yes"}, "en") == "Yes"
    assert definition.text({"da": "Ja"}, "en") == "Ja"
    assert definition.text(None, "en") == ""


def test_a_definition_reads_its_title_items_and_scales_in_a_language():
    definition = load_file(FIXTURES / "questionnaires" / "all-item-types.toml")[0]
    assert (definition.code, definition.kind, definition.languages) == (
        "alle-typer", "dialogue", ["da", "en"]
    )
    assert (definition.title("da"), definition.title("en")) == ("Alle typer", "Every type")
    assert definition.item("alder")["min"] == 60
    assert definition.item("nope") is None
    assert definition.scale("humoer")["type"] == "pictorial"
    assert [item["code"] for item in definition.items_asked()] == [
        item["code"] for item in definition.items
    ]


# --- values of the wrong kind ---------------------------------------------------------

CRASHES = {
    "type-is-a-list": ITEM.replace('type = "yesno"', 'type = ["yesno"]'),
    "marker-is-a-list": ITEM.replace('type = "yesno"', 'type = "yesno"\nmarkers = [["tryghed"]]'),
    "icon-is-a-list": """
[[items]]
code = "bolig"
type = "single"
text = { da = "Hvor bor du?", en = "Where do you live?" }
options = [{ code = 1, icon = ["yes"], label = { da = "Stue", en = "Room" } }]
""",
    "scales-is-not-a-table": "scales = 3\n" + ITEM.replace(
        'type = "yesno"', 'type = "scale"\nscale = "ja-nej"'),
    "indicator-code-is-a-list": ITEM + """
[[indicators]]
code = ["kontakt"]
label = { da = "Kontakt", en = "Contact" }
rule = "top_box"
items = ["kontakt"]
""",
    "indicator-item-is-a-list": ITEM + """
[[indicators]]
code = "kontakt"
label = { da = "Kontakt", en = "Contact" }
rule = "top_box"
items = [["kontakt"]]
""",
}


@pytest.mark.parametrize("body", CRASHES.values(), ids=CRASHES.keys())
def test_a_value_of_the_wrong_kind_is_reported_not_a_crash(tmp_path, body):
    path = write(tmp_path, HEADER + body)
    definition, problems = load_file(path)
    assert definition is None
    assert problems != []


def test_a_file_that_passes_the_check_can_be_stored(tmp_path):
    path = write(tmp_path, HEADER + """
[[items]]
code = "bolig"
type = "single"
text = { da = "Hvor bor du?", en = "Where do you live?" }
options = [{ code = 1, label = { da = "Stue", en = "Room" }, since = 2024-01-01 }]
""")
    definition, problems = load_file(path)
    if definition is not None:
        definition.to_json()
    assert problems != []
