"""Where the checks of one file put what they find: problems, each with its place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is and what it is."""

    file: str
    item: str
    field: str
    message: str
    #: Advice on easy language: printed for the author, but the file can still be used.
    warning: bool = False

    def __str__(self) -> str:
        advice = "warning: " if self.warning else ""
        return f"{self.file}:{self.item}:{self.field}: {advice}{self.message}"


@dataclass
class Report:
    """One parsed file under check, what the checks need to know of it, and its problems."""

    file: str
    data: dict[str, Any]
    #: The pictograms an option's icon may name (read once per file).
    icons: set[str]
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def languages(self) -> list[str]:
        """The file's languages; empty when ``languages`` is not a list of codes."""
        languages = self.data.get("languages")
        valid = isinstance(languages, list) and languages and all(
            isinstance(lang, str) for lang in languages
        )
        return languages if valid else []

    def add(self, item: str, field: str, message: str) -> None:
        """Record a problem at ``item`` and ``field`` of this file."""
        self.problems.append(Problem(self.file, item, field, message))

    def tables(self, entries: list[Any], prefix: str) -> Iterator[tuple[int, dict]]:
        """Yield each table of a list with its place (from 1); report other entries there."""
        for position, entry in enumerate(entries, start=1):
            if isinstance(entry, dict):
                yield position, entry
            else:
                self.add(f"{prefix}{position}", "-", "must be a table")
