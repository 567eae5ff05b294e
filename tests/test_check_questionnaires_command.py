"""`survey check-questionnaires [PATH...]`: one `file:item:field: message` line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.questionnaire.items import REGISTRY
from tests.conftest import PROJECT_DIR

SHIPPED_DIR = PROJECT_DIR / "questionnaires"
FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "questionnaires"

TITLE = '{ da = "Prøve", en = "Trial" }'
TEXT = '{ da = "Har du en kontaktperson?", en = "Do you have a contact person?" }'


def header(code: str = "proeve", title: str = TITLE) -> str:
    """A valid head of a file; each test adds the items that carry its problem."""
    return (f'code = "{code}"\nversion = 1\nkind = "dialogue"\nlanguages = ["da", "en"]\n'
            f"title = {title}\n")


def item(code: str | None = "kontakt", type: str = "yesno", text: str = TEXT, **keys: str) -> str:
    """One valid ``[[items]]`` table but for what is given (None: no code); ``keys`` are TOML."""
    lines = [*([f'code = "{code}"'] if code is not None else []), f'type = "{type}"',
             *(f"{key} = {value}" for key, value in keys.items()), f"text = {text}"]
    return "\n[[items]]\n" + "\n".join(lines) + "\n"


def pictorial_scale(options: str) -> str:
    """A ``[scales.humoer]`` table of pictorial options (written as TOML)."""
    return f'\n[scales.humoer]\ntype = "pictorial"\noptions = {options}\n'


HEADER = header()
#: A valid item, for tests that need one more.
YESNO_ITEM = item()


def write(folder: Path, body: str, name: str = "proeve.toml", header: str = HEADER) -> Path:
    path = folder / name
    path.write_text(header + body, encoding="utf-8")
    return path


def check(runner, *paths):
    return runner.invoke(args=["check-questionnaires", *map(str, paths)])


def outcome(runner, *paths) -> tuple[int, str]:
    """The command's exit code and everything it printed."""
    result = check(runner, *paths)
    return result.exit_code, result.output


# --- good files ------------------------------------------------------------------------


def test_the_shipped_questionnaires_pass_the_check(runner):
    count = len(list(SHIPPED_DIR.glob("*.toml")))
    assert count >= 1
    assert outcome(runner, SHIPPED_DIR) == (0, f"{count} file(s) checked, no problems\n")


def test_a_good_file_exits_0_with_one_summary_line(runner):
    assert outcome(runner, FIXTURES / "all-item-types.toml") == (0, "1 file(s) checked, no problems\n")


def test_every_good_file_given_is_counted_in_the_summary(runner, tmp_path):
    first = write(tmp_path, YESNO_ITEM, "first.toml")
    second = write(tmp_path, YESNO_ITEM, "second.toml", header("anden"))
    assert outcome(runner, first, second, FIXTURES / "all-item-types.toml") == (
        0, "3 file(s) checked, no problems\n"
    )


def test_without_paths_the_configured_questionnaire_folder_is_checked(runner, app):
    folder = Path(app.config["QUESTIONNAIRE_DIR"])
    result = runner.invoke(args=["check-questionnaires"])
    count = len(list(folder.glob("*.toml")))
    assert (result.exit_code, result.output) == (0, f"{count} file(s) checked, no problems\n")


def test_checking_files_needs_no_secret_key(app_config):
    # Authors check their files on their own machines, where no server key is set.
    from survey import create_app
    from survey.config import DEFAULT_SECRET_KEY

    cli_app = create_app({**app_config, "TESTING": False, "SECRET_KEY": DEFAULT_SECRET_KEY,
                          "STARTUP_CHECKS": False})
    result = cli_app.test_cli_runner().invoke(
        args=["check-questionnaires", str(FIXTURES / "all-item-types.toml")])
    assert (result.exit_code, result.output) == (0, "1 file(s) checked, no problems\n")


# --- one line per problem --------------------------------------------------------------


def test_an_unknown_scale_is_reported_with_file_item_and_field(runner, tmp_path):
    path = write(tmp_path, item("tryg", "scale", scale='"ja-nej"'))
    assert outcome(runner, path) == (1, f"{path}:tryg:scale: unknown scale 'ja-nej'\n")


def test_a_duplicate_item_code_is_reported_with_file_item_and_field(runner, tmp_path):
    path = write(tmp_path, YESNO_ITEM + YESNO_ITEM)
    assert outcome(runner, path) == (1, f"{path}:kontakt:code: duplicate item code\n")


def test_a_missing_translation_is_reported_with_file_item_and_field(runner, tmp_path):
    path = write(tmp_path, item(text='{ da = "Har du en kontaktperson?" }'))
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:text: missing translation 'en'\n"
    )


def test_a_blank_translation_counts_as_missing(runner, tmp_path):
    path = write(tmp_path, item(text='{ da = "Har du en kontaktperson?", en = "  " }'))
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:text: missing translation 'en'\n"
    )


def test_a_missing_translation_of_an_option_label_names_the_option(runner, tmp_path):
    path = write(tmp_path, item("bolig", "single", options="""[
  { code = 1, label = { da = "Stue", en = "Room" } },
  { code = 2, label = { da = "Lejlighed" } },
]"""))
    assert outcome(runner, path) == (
        1, f"{path}:bolig:options.2.label: missing translation 'en'\n"
    )


def test_a_missing_translation_of_the_title_is_reported_on_the_file_itself(runner, tmp_path):
    path = write(tmp_path, YESNO_ITEM, header=header(title='{ da = "Prøve" }'))
    assert outcome(runner, path) == (1, f"{path}:-:title: missing translation 'en'\n")


def test_a_condition_on_a_later_item_is_reported_on_the_show_if_field(runner, tmp_path):
    path = write(tmp_path, item("tale", show_if='{ item = "kontakt", in = [1] }') + YESNO_ITEM)
    assert outcome(runner, path) == (
        1, f"{path}:tale:show_if: refers to 'kontakt', which is not an earlier item\n"
    )


def test_a_condition_on_an_unknown_item_is_reported_on_the_show_if_field(runner, tmp_path):
    path = write(tmp_path, YESNO_ITEM + item("tale", show_if='{ item = "kontaktperson", in = [1] }'))
    assert outcome(runner, path) == (
        1, f"{path}:tale:show_if: refers to 'kontaktperson', which is not an earlier item\n"
    )


def test_an_unknown_item_type_is_reported_with_the_types_to_use(runner, tmp_path):
    path = write(tmp_path, item(type="bad type"))
    types = ", ".join(REGISTRY)
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:type: unknown type 'bad type', use one of {types}\n"
    )
    assert types.split(", ")[:6] == ["scale", "single", "multiple", "yesno", "text", "number"]


def test_an_unknown_key_of_an_item_is_reported_as_its_field(runner, tmp_path):
    path = write(tmp_path, item(colour='"red"'))
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:colour: unknown key for a yesno item\n"
    )


def test_a_key_of_another_item_type_is_unknown(runner, tmp_path):
    path = write(tmp_path, item(max_length="10"))
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:max_length: unknown key for a yesno item\n"
    )


def test_an_unknown_top_level_key_is_reported_on_the_file_itself(runner, tmp_path):
    path = write(tmp_path, 'author = "Kim"\n' + YESNO_ITEM)
    assert outcome(runner, path) == (1, f"{path}:-:author: unknown key\n")


def test_a_syntax_error_is_reported_with_its_line_number(runner, tmp_path):
    path = tmp_path / "proeve.toml"
    path.write_text('code = "proeve"\nversion = 1\nkind = dialogue\n', encoding="utf-8")
    assert outcome(runner, path) == (1, f"{path}:line 3:syntax: Invalid value\n")


def test_a_syntax_error_further_down_names_its_own_line(runner, tmp_path):
    path = write(tmp_path, YESNO_ITEM + "\n[[items]\n")
    line = (HEADER + YESNO_ITEM).count("\n") + 2
    result = check(runner, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:line {line}:syntax: ")
    assert result.output.count("\n") == 1


def test_an_item_without_a_code_is_reported_even_when_a_marker_indicator_counts_it(runner, tmp_path):
    path = write(tmp_path, item(None, markers='["kontinuitet"]') + """
[[indicators]]
code = "kontinuitet"
label = { da = "Kontinuitet", en = "Continuity" }
rule = "top_box"
marker = "kontinuitet"
""")
    assert outcome(runner, path) == (
        1, f"{path}:#1:code: needs a code of lower-case letters, digits, '-' and '_'\n"
    )


def test_an_unknown_marker_is_reported_on_the_markers_field(runner, tmp_path):
    path = write(tmp_path, item(markers='["kontinuitet", "glaede"]'))
    assert outcome(runner, path) == (
        1, f"{path}:kontakt:markers: unknown marker 'glaede'\n"
    )


def test_a_pictorial_option_whose_icon_is_not_a_shipped_pictogram_is_reported(runner, tmp_path):
    path = write(tmp_path, pictorial_scale("""[
  { code = 1, icon = "yes", label = { da = "Godt", en = "Good" } },
  { code = 2, icon = "smiley", label = { da = "Både og", en = "Partly" } },
]""") + YESNO_ITEM)
    assert outcome(runner, path) == (
        1, f"{path}:scale:humoer:options.2.icon: unknown pictogram 'smiley'\n"
    )


def test_a_pictorial_option_without_an_icon_is_reported(runner, tmp_path):
    path = write(tmp_path, pictorial_scale('[{ code = 1, label = { da = "Godt", en = "Good" } }]')
                 + YESNO_ITEM)
    assert outcome(runner, path) == (
        1, f"{path}:scale:humoer:options.1.icon: a pictorial option needs an icon\n"
    )


def test_an_unknown_icon_on_an_item_option_is_reported(runner, tmp_path):
    path = write(tmp_path, item(
        "bolig", "single", options='[{ code = 1, icon = "house", label = { da = "Stue", en = "Room" } }]'))
    assert outcome(runner, path) == (
        1, f"{path}:bolig:options.1.icon: unknown pictogram 'house'\n"
    )


# --- several problems, several files ---------------------------------------------------


def test_every_problem_is_one_line_and_no_summary_is_printed(runner, tmp_path):
    path = write(tmp_path, item(markers='["glaede"]', text='{ da = "Har du en kontaktperson?" }')
                 + item("tryg", "scale", scale='"ja-nej"'))
    result = check(runner, path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:kontakt:text: missing translation 'en'",
        f"{path}:kontakt:markers: unknown marker 'glaede'",
        f"{path}:tryg:scale: unknown scale 'ja-nej'",
    ]


def test_a_folder_is_checked_file_by_file_and_only_broken_files_print_lines(runner, tmp_path):
    write(tmp_path, YESNO_ITEM, "a-good.toml")
    broken = write(tmp_path, YESNO_ITEM + YESNO_ITEM, "b-broken.toml", header("anden"))
    assert outcome(runner, tmp_path) == (
        1, f"{broken}:kontakt:code: duplicate item code\n"
    )
    assert str(broken) == f"{tmp_path}/b-broken.toml"


def test_a_relative_path_is_printed_as_given(runner, tmp_path, monkeypatch):
    (tmp_path / "drafts").mkdir()
    write(tmp_path / "drafts", YESNO_ITEM + YESNO_ITEM)
    monkeypatch.chdir(tmp_path)
    assert outcome(runner, "drafts/proeve.toml") == (
        1, "drafts/proeve.toml:kontakt:code: duplicate item code\n"
    )


def test_the_same_questionnaire_code_in_two_files_is_reported_on_the_second(runner, tmp_path):
    first = write(tmp_path, YESNO_ITEM, "a.toml")
    second = write(tmp_path, YESNO_ITEM, "b.toml")
    assert outcome(runner, first, second) == (
        1, f"{second}:-:code: 'proeve' is also the code of {first}\n"
    )


def test_a_path_that_does_not_exist_is_a_usage_error(runner, tmp_path):
    result = check(runner, tmp_path / "missing.toml")
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (item("Kontakt!"),
         "Kontakt!:code: needs a code of lower-case letters, digits, '-' and '_'"),
        (item("alder", "number", min='"60"'), "alder:min: must be a number"),
        (item("ord", "text", max_length="0"), "ord:max_length: must be a positive whole number"),
        (item("bolig", "single", options="[]"), "bolig:options: needs a non-empty list of options"),
        (item("tryg", "scale"), "tryg:scale: a scale item needs 'scale', the name of a scale"),
        (YESNO_ITEM + '\n[[indicators]]\ncode = "i"\nlabel = { da = "I", en = "I" }\n'
         'rule = "top_box"\nitems = ["tryg"]\n',
         "indicator:i:items: unknown item 'tryg'"),
    ],
    ids=["item-code", "number-min", "text-max-length", "no-options", "no-scale",
         "indicator-item"],
)
def test_other_item_problems_follow_the_same_line_format(runner, tmp_path, body, line):
    path = write(tmp_path, body)
    assert outcome(runner, path) == (1, f"{path}:{line}\n")
