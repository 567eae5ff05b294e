"""Reading the raw values of a file leniently: a check must not fail on a wrong type."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
CODE_MESSAGE = "needs a code of lower-case letters, digits, '-' and '_'"


def is_code(value: Any) -> bool:
    """Whether the value is a valid questionnaire or item code."""
    return isinstance(value, str) and bool(CODE_PATTERN.match(value))


def dicts(value: Any) -> list[dict]:
    """The tables in a list (nothing if the value is not a list)."""
    return [entry for entry in _list(value) if isinstance(entry, dict)]


def codes(value: Any) -> list[str]:
    """The strings in a list (nothing if the value is not a list)."""
    return [code for code in _list(value) if isinstance(code, str)]


def unknown(values: list[Any], known: Collection[str]) -> list[Any]:
    """The values that are not one of the known strings, in order."""
    return [value for value in values if not (isinstance(value, str) and value in known)]


def is_code_list(value: Any) -> bool:
    """Whether the value is a list of strings (empty counts)."""
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def join(values: Iterable[Any]) -> str:
    """The values as one comma-separated list, for a message."""
    return ", ".join(str(value) for value in values)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
