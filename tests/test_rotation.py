"""The rotating module: chosen from the ward's history so each quarter covers every marker."""

from __future__ import annotations

import datetime as dt

import pytest

from survey.models import Questionnaire, Resident, Response
from survey.questionnaire.definition import Definition
from survey.questionnaire.frameworks import MARKER_THEMES
from survey.rotation import choose_module, markers_covered, quarter_start

MARKERS = sorted(MARKER_THEMES)


def item(code: str, markers: list[str]) -> dict:
    return {"code": code, "type": "yesno", "markers": markers, "text": {"da": code}}


@pytest.fixture
def definition() -> Definition:
    """Core items on two markers, three modules sharing out the other ten."""
    rest = [m for m in MARKERS if m not in ("selvbestemmelse", "kontinuitet")]
    modules = [rest[0:4], rest[4:7], rest[7:10]]
    items = [item("core_sb", ["selvbestemmelse"]), item("core_ko", ["kontinuitet"])]
    for name, markers in zip("abc", modules, strict=True):
        items += [item(f"{name}_{i}", [marker]) for i, marker in enumerate(markers)]
    items.append({"code": "vigtigt", "type": "text", "text": {"da": "?"}})
    return Definition({
        "code": "rotating", "version": 1, "kind": "dialogue", "languages": ["da"],
        "title": {"da": "R"}, "items": items,
        "dialogue": {"core": ["core_sb", "core_ko"], "closing": ["vigtigt"]},
        "modules": [{"code": name, "items": [i["code"] for i in items if i["code"].startswith(f"{name}_")]}
                    for name in "abc"],
    })


@pytest.fixture
def stored(app, definition):
    return Questionnaire.create(code=definition.code, version=1, file_version=1,
                                content_hash=definition.content_hash, kind="dialogue",
                                definition=definition.to_json())


def held(stored, world, module: str, when: dt.datetime) -> Response:
    return Response.create(questionnaire=stored, ward=world.ward, kind="dialogue", language="da",
                           answered_by="resident", resident=world.resident, module=module,
                           started_at=when, updated_at=when)


NOW = dt.datetime(2026, 11, 22, 10, 0)


def test_a_dialogue_asks_core_then_one_module_then_the_closing_item(definition):
    codes = [i["code"] for i in definition.items_asked("b")]
    assert codes == ["core_sb", "core_ko", "b_0", "b_1", "b_2", "vigtigt"]


def test_a_ward_without_history_starts_with_the_first_module(stored, world, definition):
    assert choose_module(definition, world.ward, NOW) == "a"


def test_the_module_used_least_this_quarter_comes_next(stored, world, definition):
    held(stored, world, "a", NOW - dt.timedelta(days=3))
    held(stored, world, "c", NOW - dt.timedelta(days=2))
    assert choose_module(definition, world.ward, NOW) == "b"


def test_last_quarters_dialogues_do_not_count_towards_this_quarter(stored, world, definition):
    last_quarter = quarter_start(NOW.date()) - dt.timedelta(days=1)
    held(stored, world, "a", last_quarter)
    held(stored, world, "b", last_quarter)
    held(stored, world, "c", NOW - dt.timedelta(days=1))
    # a and b were not asked this quarter; of the two, a was asked longer ago.
    assert choose_module(definition, world.ward, NOW) == "a"


def test_other_wards_do_not_change_the_choice(stored, world, definition):
    other = Response.create(questionnaire=stored, ward=world.other_ward, kind="dialogue",
                            language="da", answered_by="resident",
                            resident=world.other_resident, module="a", started_at=NOW)
    assert other.id
    assert choose_module(definition, world.ward, NOW) == "a"


def test_a_questionnaire_without_modules_has_no_module(app, world):
    plain = Definition({"code": "plain", "items": [item("x", [])]})
    assert choose_module(plain, world.ward, NOW) is None


def test_a_quarter_of_dialogues_covers_all_twelve_markers(stored, world, definition):
    asked = []
    for day in range(0, 90, 9):  # ten dialogues spread over the quarter
        when = quarter_start(NOW.date()) + dt.timedelta(days=day)
        module = choose_module(definition, world.ward, when)
        asked.append(module)
        held(stored, world, module, when)
    assert asked[:3] == ["a", "b", "c"]
    assert markers_covered(definition, asked[:3]) == set(MARKERS)


def test_starting_a_dialogue_keeps_the_chosen_module(stored, world, definition):
    from survey import responses

    response = responses.start(Resident.get_by_id(world.resident.id), stored, world.worker,
                               "resident", "da")
    assert response.module == "a"
    assert response.current_item == "core_sb"
    second = responses.start(Resident.get_by_id(world.resident.id), stored, world.worker,
                             "resident", "da")
    assert second.module == "b"
