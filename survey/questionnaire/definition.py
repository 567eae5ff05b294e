"""A parsed questionnaire: its items, scales and texts, read in one language at a time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

Item = Mapping[str, Any]


class Definition:
    """A validated questionnaire file, as stored with each questionnaire version."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data

    @classmethod
    def from_json(cls, text: str) -> Definition:
        return cls(json.loads(text))

    def to_json(self) -> str:
        """Return the definition as canonical JSON: the same content gives the same text."""
        return json.dumps(self.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()

    @property
    def code(self) -> str:
        return self.data["code"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def languages(self) -> list[str]:
        return self.data["languages"]

    @property
    def items(self) -> list[Item]:
        return self.data["items"]

    @cached_property
    def _items_by_code(self) -> dict[str, Item]:
        return {item["code"]: item for item in self.items}

    def item(self, code: str) -> Item | None:
        return self._items_by_code.get(code)

    @property
    def modules(self) -> list[Mapping[str, Any]]:
        """The rotating modules of a dialogue questionnaire (empty when it has none)."""
        return self.data.get("modules", [])

    def module(self, code: str) -> Mapping[str, Any] | None:
        return next((module for module in self.modules if module["code"] == code), None)

    def items_asked(self, module_code: str | None = None) -> list[Item]:
        """The items one response is asked, in order.

        A dialogue with ``[dialogue]`` core and closing items and ``[[modules]]`` asks the
        core items, then the chosen module's, then the closing ones; a file without
        them asks every item in file order.
        """
        plan = self.data.get("dialogue")
        if not plan:
            return self.items
        module = self.module(module_code) if module_code else None
        codes = [*plan.get("core", []), *(module["items"] if module else []),
                 *plan.get("closing", [])]
        return [self._items_by_code[code] for code in codes]

    def scale(self, name: str) -> Mapping[str, Any]:
        return self.data["scales"][name]

    def text(self, texts: Mapping[str, str] | None, language: str) -> str:
        """Pick a text in the language, falling back to the questionnaire's first language."""
        if not texts:
            return ""
        return texts.get(language) or texts[self.languages[0]]

    def title(self, language: str) -> str:
        return self.text(self.data["title"], language)

    def item_types(self) -> Iterator[tuple[Item, Any]]:
        """Yield each item with its item type from the registry."""
        from .items import item_type

        for item in self.items:
            yield item, item_type(item)
