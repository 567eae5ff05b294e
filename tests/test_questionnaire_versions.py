"""Questionnaire versions: a changed file becomes a new version; old responses keep theirs."""

from __future__ import annotations

from pathlib import Path

from survey.db import db
from survey.models import AnsweredBy, Questionnaire, QuestionnaireKind, Response, Site, Ward
from survey.questionnaire.definition import Definition
from survey.questionnaire.format import load_file
from survey.questionnaire.store import definition_of, sync
from tests.conftest import PROJECT_DIR, migrate_database

FILE = """\
# Trial questionnaire for the version tests.
code = "proeve"
version = 1
kind = "dialogue"
languages = ["da", "en"]
title = { da = "Prøve", en = "Trial" }

[[items]]
code = "tryg"
type = "yesno"
text = { da = "Føler du dig tryg?", en = "Do you feel safe?" }
"""

CHANGED_TEXT = FILE.replace("Føler du dig tryg?", "Føler du dig tryg her?")

SAME_CONTENT_NEW_LAYOUT = """\
# Trial questionnaire for the version tests, reworded comments and a new layout.

kind     = "dialogue"   # the resident dialogue
code     = "proeve"
version  = 1
languages = [ "da",
              "en" ]

[title]
en = "Trial"
da = "Prøve"

# The one question.
[[items]]
text = { en = "Do you feel safe?", da = "Føler du dig tryg?" }
type = "yesno"
code = "tryg"
"""


def definition(tmp_path: Path, text: str, name: str = "proeve.toml") -> Definition:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded, found = load_file(path)
    assert found == []
    return loaded


def versions(code: str = "proeve") -> list[tuple[int, bool]]:
    return [
        (row.version, row.current)
        for row in Questionnaire.select().where(Questionnaire.code == code)
        .order_by(Questionnaire.version)
    ]


def test_syncing_the_same_definition_twice_keeps_one_version(app, tmp_path):
    first = sync([definition(tmp_path, FILE)])
    second = sync([definition(tmp_path, FILE)])
    assert versions() == [(1, True)]
    assert first[0].id == second[0].id


def test_a_changed_text_becomes_version_2(app, tmp_path):
    sync([definition(tmp_path, FILE)])
    (stored,) = sync([definition(tmp_path, CHANGED_TEXT)])
    assert stored.version == 2
    assert [version for version, _ in versions()] == [1, 2]


def test_the_new_version_is_current_and_the_old_one_is_not(app, tmp_path):
    sync([definition(tmp_path, FILE)])
    sync([definition(tmp_path, CHANGED_TEXT)])
    assert versions() == [(1, False), (2, True)]
    current = Questionnaire.get(Questionnaire.code == "proeve", Questionnaire.current == True)  # noqa: E712
    assert definition_of(current).item("tryg")["text"]["da"] == "Føler du dig tryg her?"


def test_a_change_only_in_comments_layout_and_key_order_keeps_the_version(app, tmp_path):
    original = definition(tmp_path, FILE)
    relaid = definition(tmp_path, SAME_CONTENT_NEW_LAYOUT)
    assert relaid.content_hash == original.content_hash
    sync([original])
    (stored,) = sync([relaid])
    assert stored.version == 1
    assert versions() == [(1, True)]


def test_a_response_on_version_1_reads_its_own_texts_after_version_2_exists(app, tmp_path):
    (first,) = sync([definition(tmp_path, FILE)])
    ward = Ward.create(site=Site.create(name="Solhaven"), name="Hus A")
    response = Response.create(questionnaire=first, ward=ward, kind=QuestionnaireKind.DIALOGUE,
                               language="da", answered_by=AnsweredBy.RESIDENT)
    sync([definition(tmp_path, CHANGED_TEXT)])

    reread = Response.get_by_id(response.id)
    old = definition_of(reread.questionnaire)
    assert reread.questionnaire.version == 1
    assert old.item("tryg")["text"]["da"] == "Føler du dig tryg?"
    assert old.content_hash == definition(tmp_path, FILE).content_hash


def test_the_author_written_version_is_kept_apart_from_the_stored_version(app, tmp_path):
    sync([definition(tmp_path, FILE)])
    (stored,) = sync([definition(tmp_path, CHANGED_TEXT.replace("version = 1", "version = 7"))])
    assert (stored.version, stored.file_version) == (2, 7)


def test_a_version_stores_the_canonical_json_of_its_definition(app, tmp_path):
    loaded = definition(tmp_path, FILE)
    (stored,) = sync([loaded])
    assert stored.definition == loaded.to_json()
    assert stored.content_hash == loaded.content_hash
    assert stored.kind == QuestionnaireKind.DIALOGUE


def test_versions_count_up_per_questionnaire_code(app, tmp_path):
    other = FILE.replace('code = "proeve"', 'code = "anden"')
    sync([definition(tmp_path, FILE), definition(tmp_path, other, "anden.toml")])
    stored = sync([definition(tmp_path, CHANGED_TEXT), definition(tmp_path, other, "anden.toml")])
    assert [(row.code, row.version) for row in stored] == [("proeve", 2), ("anden", 1)]


def test_a_questionnaire_no_longer_shipped_is_no_longer_current(app, tmp_path):
    other = FILE.replace('code = "proeve"', 'code = "anden"')
    sync([definition(tmp_path, FILE)])
    sync([definition(tmp_path, other, "anden.toml")])
    assert versions("proeve") == [(1, False)]
    assert versions("anden") == [(1, True)]


def test_going_back_to_earlier_content_makes_the_earlier_version_current_again(app, tmp_path):
    sync([definition(tmp_path, FILE)])
    sync([definition(tmp_path, CHANGED_TEXT)])
    (stored,) = sync([definition(tmp_path, FILE)])
    assert stored.version == 1
    assert versions() == [(1, True), (2, False)]


def test_restarting_the_app_on_unchanged_files_keeps_the_version(app_config, tmp_path):
    from survey import create_app

    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "proeve.toml").write_text(FILE, encoding="utf-8")
    config = {**app_config, "QUESTIONNAIRE_DIR": str(folder)}
    migrate_database(config["DATABASE_URL"])
    try:
        create_app(config)
        create_app(config)
        assert versions() == [(1, True)]
        db.close_all()
        (folder / "proeve.toml").write_text(CHANGED_TEXT, encoding="utf-8")
        create_app(config)
        assert versions() == [(1, False), (2, True)]
    finally:
        db.close_all()


def test_the_app_stores_the_shipped_questionnaires_as_current_versions(app_config):
    from survey import create_app

    shipped = PROJECT_DIR / "questionnaires"
    config = {**app_config, "QUESTIONNAIRE_DIR": str(shipped)}
    migrate_database(config["DATABASE_URL"])
    try:
        create_app(config)
        codes = {load_file(path)[0].code for path in shipped.glob("*.toml")}
        current = Questionnaire.select().where(Questionnaire.current == True)  # noqa: E712
        assert {row.code for row in current} == codes
        assert "min-hverdag" in codes
    finally:
        db.close_all()
