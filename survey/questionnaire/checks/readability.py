"""Easy-language advice (LIX, long or negated questions) as warnings that stop nothing."""

from __future__ import annotations

from typing import Any

from ..lix import warnings as easy_language_warnings
from .report import Problem


def warnings(file: str, data: dict[str, Any]) -> list[Problem]:
    """Easy-language advice for a file without problems (see lix.py)."""
    return [Problem(file, item, field, message, warning=True)
            for item, field, message in easy_language_warnings(data)]
