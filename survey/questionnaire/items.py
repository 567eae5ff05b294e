"""The item types: one small class each, registered by the name used in the files.

An item type knows its form field, how to check its part of a file, how an answer is
stored, shown and exported. Adding a type is adding one class here.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import force_locale, gettext
from wtforms import Field, FloatField, RadioField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import Length, NumberRange, ValidationError
from wtforms.validators import Optional as OptionalValidator
from wtforms.widgets import CheckboxInput, ListWidget

from ..cpr import NoCpr
from .definition import Definition, Item

#: Kinds of "not a valid answer" a scale may offer, kept apart from an unanswered item.
MISSING_KINDS = ("dont_know", "rather_not_say", "could_not_answer", "not_relevant")

#: What an answer option may say about itself.
OPTION_KEYS = frozenset({"code", "label", "icon", "kind"})

#: Separates the codes of a multiple-choice answer in ``Answer.value_text``.
CODE_SEPARATOR = ";"


@dataclass(frozen=True)
class Choice:
    """One answer option as shown on screen."""

    code: int
    label: str
    icon: str | None = None
    #: "Don't know", "rather not say" and the like: not a valid answer for indicators.
    missing: bool = False


def _empty_columns() -> dict[str, Any]:
    return {"value_code": None, "value_number": None, "value_text": None}


class ItemType(ABC):
    """The behaviour every item type shares; subclasses set what differs."""

    name: ClassVar[str]
    #: Keys this type allows besides the ones every item has.
    keys: ClassVar[frozenset[str]] = frozenset()
    #: One tap on an option saves the answer: no separate "continue" button.
    saves_on_tap: ClassVar[bool] = False
    #: Answers are codes that conditions and indicators can use.
    coded: ClassVar[bool] = True
    #: Answers are free text: they may name people, so exports leave them out by default.
    free_text: ClassVar[bool] = False
    #: The partial under templates/dialogue/items/ that shows the item's input.
    template: ClassVar[str] = "_choices.html"

    def problems(self, item: Item, data: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Return (field, message) for what is wrong with the item's type-specific keys."""
        return []

    def choices(self, item: Item, definition: Definition, language: str) -> list[Choice]:
        return []

    @abstractmethod
    def field(self, item: Item, definition: Definition, language: str) -> Field:
        """Return the unbound WTForms field that takes this item's answer."""

    def to_columns(self, value: Any) -> dict[str, Any]:
        """Turn the form field's data into ``Answer`` column values."""
        return {**_empty_columns(), "value_code": value}

    def form_value(self, answer: Any) -> Any:
        """Turn a stored answer back into the form field's data."""
        return answer.value_code

    def codes(self, answer: Any) -> frozenset[int]:
        """The answer codes a ``show_if`` condition looks at."""
        return frozenset() if answer.value_code is None else frozenset({answer.value_code})

    def label(self, answer: Any, item: Item, definition: Definition, language: str) -> str:
        """The answer in words, for the summary and exports."""
        labels = {c.code: c.label for c in self.choices(item, definition, language)}
        return ", ".join(labels.get(code, str(code)) for code in sorted(self.codes(answer)))

    def export_code(self, answer: Any) -> str:
        return CODE_SEPARATOR.join(str(code) for code in sorted(self.codes(answer)))


REGISTRY: dict[str, ItemType] = {}


def register(cls: type[ItemType]) -> type[ItemType]:
    REGISTRY[cls.name] = cls()
    return cls


def item_type(item: Item) -> ItemType:
    return REGISTRY[item["type"]]


def _option_choices(definition: Definition, language: str, options, missing) -> list[Choice]:
    return [
        Choice(o["code"], definition.text(o["label"], language), o.get("icon"))
        for o in options
    ] + [
        Choice(m["code"], definition.text(m["label"], language), m.get("icon"), missing=True)
        for m in missing
    ]


#: The answer field's label: the question itself is its label on screen. Explicit, because
#: without one WTForms translates a made-up label, and flask-wtf loads its catalogue from
#: disk for that on every request.
_SHOWN_AS_QUESTION = ""


def _radio(choices: list[Choice]) -> RadioField:
    return RadioField(label=_SHOWN_AS_QUESTION, choices=[SelectChoice(c.code, c.label) for c in choices],
                      coerce=int)


@register
class ScaleItem(ItemType):
    """An ordered scale defined once in ``[scales]`` and shared by many items."""

    name = "scale"
    keys = frozenset({"scale"})
    saves_on_tap = True

    def problems(self, item, data):
        scale = item.get("scale")
        if not isinstance(scale, str):
            return [("scale", "a scale item needs 'scale', the name of a scale")]
        scales = data.get("scales")
        if not isinstance(scales, dict) or scale not in scales:
            return [("scale", f"unknown scale '{scale}'")]
        return []

    def choices(self, item, definition, language):
        scale = definition.scale(item["scale"])
        return _option_choices(definition, language, scale["options"], scale.get("missing", []))

    def field(self, item, definition, language):
        return _radio(self.choices(item, definition, language))


def option_problems(options: Any, missing: Any, where: str) -> list[tuple[str, str]]:
    """Check a list of answer options and its missing-value codes (items and scales)."""
    if not (isinstance(options, list) and options):
        return [(where, "needs a non-empty list of options")]
    if not isinstance(missing, list):
        return [("missing", "must be a list")]
    found = []
    seen: set[int] = set()
    for field, entries in ((where, options), ("missing", missing)):
        for entry in entries:
            if not isinstance(entry, dict) or type(entry.get("code")) is not int:
                found.append((field, "every option needs a whole-number 'code'"))
                continue
            if entry["code"] in seen:
                found.append((field, f"code {entry['code']} is used twice"))
            seen.add(entry["code"])
            if "label" not in entry:
                found.append((field, f"code {entry['code']} needs a 'label'"))
            for key in sorted(set(entry) - OPTION_KEYS):
                found.append((field, f"code {entry['code']} has an unknown key '{key}'"))
            if field == "missing" and entry.get("kind") not in MISSING_KINDS:
                found.append((field, f"code {entry['code']} needs 'kind', one of {', '.join(MISSING_KINDS)}"))
    return found


def _options_problems(item: Item) -> list[tuple[str, str]]:
    return option_problems(item.get("options"), item.get("missing", []), "options")


@register
class SingleChoiceItem(ItemType):
    """One of a list of options written with the item."""

    name = "single"
    keys = frozenset({"options", "missing"})
    saves_on_tap = True

    def problems(self, item, data):
        return _options_problems(item)

    def choices(self, item, definition, language):
        return _option_choices(definition, language, item["options"], item.get("missing", []))

    def field(self, item, definition, language):
        return _radio(self.choices(item, definition, language))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@register
class MultipleChoiceItem(ItemType):
    """Any number of a list of options."""

    name = "multiple"
    keys = frozenset({"options"})
    template = "_multiple.html"

    def problems(self, item, data):
        return _options_problems(item)

    def choices(self, item, definition, language):
        return _option_choices(definition, language, item["options"], [])

    def field(self, item, definition, language):
        choices = self.choices(item, definition, language)
        return MultiCheckboxField(label=_SHOWN_AS_QUESTION,
                                  choices=[SelectChoice(c.code, c.label) for c in choices],
                                  coerce=int)

    def to_columns(self, value):
        codes = sorted(set(value or []))
        return {**_empty_columns(), "value_text": CODE_SEPARATOR.join(map(str, codes)) or None}

    def form_value(self, answer):
        return sorted(self.codes(answer))

    def codes(self, answer):
        if not answer.value_text:
            return frozenset()
        return frozenset(int(code) for code in answer.value_text.split(CODE_SEPARATOR))


@register
class YesNoItem(ItemType):
    """Yes (1) or no (0), worded in the response's language."""

    name = "yesno"
    saves_on_tap = True

    def choices(self, item, definition, language):
        with force_locale(language):
            return [Choice(1, gettext("Yes"), "yes"), Choice(0, gettext("No"), "no")]

    def field(self, item, definition, language):
        return _radio(self.choices(item, definition, language))


@register
class TextItem(ItemType):
    """Free text in the resident's or relative's own words."""

    name = "text"
    keys = frozenset({"max_length"})
    coded = False
    free_text = True
    template = "_text.html"
    DEFAULT_MAX_LENGTH = 2000

    def problems(self, item, data):
        limit = item.get("max_length", self.DEFAULT_MAX_LENGTH)
        if type(limit) is not int or limit < 1:
            return [("max_length", "must be a positive whole number")]
        return []

    def field(self, item, definition, language):
        limit = item.get("max_length", self.DEFAULT_MAX_LENGTH)
        return TextAreaField(label=_SHOWN_AS_QUESTION,
                             validators=[OptionalValidator(), Length(max=limit), NoCpr()])

    def to_columns(self, value):
        return {**_empty_columns(), "value_text": (value or "").strip() or None}

    def form_value(self, answer):
        return answer.value_text

    def codes(self, answer):
        return frozenset()

    def label(self, answer, item, definition, language):
        return answer.value_text or ""

    def export_code(self, answer):
        return ""


def finite_number(form: Any, field: Field) -> None:
    """Refuse "inf", "nan" and numbers too large to be real answers."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(gettext("Please enter an ordinary number."))


@register
class NumberItem(ItemType):
    """A number, optionally between ``min`` and ``max``."""

    name = "number"
    keys = frozenset({"min", "max"})
    coded = False
    template = "_number.html"

    def problems(self, item, data):
        found = []
        for key in ("min", "max"):
            if key in item and type(item[key]) not in (int, float):
                found.append((key, "must be a number"))
        if not found and "min" in item and "max" in item and item["min"] > item["max"]:
            found.append(("min", "is larger than 'max'"))
        return found

    def field(self, item, definition, language):
        return FloatField(label=_SHOWN_AS_QUESTION, validators=[
            OptionalValidator(), finite_number,
            NumberRange(min=item.get("min"), max=item.get("max")),
        ])

    def to_columns(self, value):
        return {**_empty_columns(), "value_number": value}

    def form_value(self, answer):
        return answer.value_number

    def codes(self, answer):
        return frozenset()

    def label(self, answer, item, definition, language):
        return self.export_code(answer)

    def export_code(self, answer):
        number = answer.value_number
        if number is None:
            return ""
        return str(int(number)) if float(number).is_integer() else str(number)
