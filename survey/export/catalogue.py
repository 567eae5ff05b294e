"""What each item's stored answer means, looked up once per questionnaire version.

Exports touch the same few items a million times: the answer labels, the column type
and whether an item is free text are worked out once and kept for the export's run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import Questionnaire
from ..questionnaire.definition import Definition, Item
from ..questionnaire.items import CODE_SEPARATOR, ItemType, item_type
from ..questionnaire.store import definition_of

#: Table Schema types of the value an item type stores.
FIELD_TYPES = {"scale": "integer", "single": "integer", "yesno": "integer",
               "number": "number", "multiple": "string", "text": "string"}


@dataclass
class ItemInfo:
    """One item of one questionnaire version, ready to turn stored answers into cells."""

    code: str
    item: Item
    kind: ItemType
    #: Answer code → label in the questionnaire's first language.
    labels: dict[int, str]
    #: Answer codes that mean "don't know", "rather not say" and the like.
    missing: frozenset[int]

    @property
    def free_text(self) -> bool:
        return self.kind.free_text

    @property
    def field_type(self) -> str:
        return FIELD_TYPES.get(self.kind.name, "string")

    def value(self, value_code: int | None, value_number: float | None,
              value_text: str | None) -> Any:
        """The stored answer as a typed cell: a code, a number, or text."""
        name = self.kind.name
        if name in ("scale", "single", "yesno"):
            return value_code
        if name == "number":
            if value_number is None:
                return None
            return int(value_number) if float(value_number).is_integer() else float(value_number)
        return value_text

    def label(self, value_code: int | None, value_number: float | None,
              value_text: str | None) -> str:
        """The stored answer in words (the questionnaire's first language)."""
        name = self.kind.name
        if name in ("scale", "single", "yesno"):
            return "" if value_code is None else self.labels.get(value_code, str(value_code))
        if name == "multiple":
            codes = sorted(int(code) for code in (value_text or "").split(CODE_SEPARATOR) if code)
            return ", ".join(self.labels.get(code, str(code)) for code in codes)
        value = self.value(value_code, value_number, value_text)
        return "" if value is None else str(value)


def item_info(item: Item, definition: Definition) -> ItemInfo:
    """Work out what an item's stored answers mean."""
    kind = item_type(item)
    choices = kind.choices(item, definition, definition.languages[0])
    return ItemInfo(item["code"], item, kind, {choice.code: choice.label for choice in choices},
                    frozenset(choice.code for choice in choices if choice.missing))


class Catalogue:
    """Items by questionnaire version, loaded when first asked for."""

    def __init__(self) -> None:
        self._versions: dict[int, tuple[Questionnaire, Definition]] = {}
        self._items: dict[tuple[int, str], ItemInfo | None] = {}

    def version(self, questionnaire_id: int) -> tuple[Questionnaire, Definition]:
        """The stored version and its parsed definition."""
        if questionnaire_id not in self._versions:
            questionnaire = Questionnaire.get_by_id(questionnaire_id)
            self._versions[questionnaire_id] = (questionnaire, definition_of(questionnaire))
        return self._versions[questionnaire_id]

    def item(self, questionnaire_id: int, item_code: str) -> ItemInfo | None:
        """The item in that version, or None if the version has no such item."""
        key = (questionnaire_id, item_code)
        if key not in self._items:
            definition = self.version(questionnaire_id)[1]
            item = definition.item(item_code)
            self._items[key] = item_info(item, definition) if item is not None else None
        return self._items[key]


def versions_of(code: str) -> list[tuple[Questionnaire, Definition]]:
    """Every stored version of a questionnaire, newest first."""
    query = Questionnaire.select().where(Questionnaire.code == code).order_by(
        Questionnaire.version.desc())
    return [(questionnaire, definition_of(questionnaire)) for questionnaire in query]


def columns_of(code: str, include_free_text: bool) -> list[ItemInfo]:
    """One column per item code over every version: the newest version's order, then the
    items only older versions had."""
    seen: dict[str, ItemInfo] = {}
    for _questionnaire, definition in versions_of(code):
        for item in definition.items:
            if item["code"] not in seen:
                info = item_info(item, definition)
                if include_free_text or not info.free_text:
                    seen[item["code"]] = info
    return list(seen.values())
