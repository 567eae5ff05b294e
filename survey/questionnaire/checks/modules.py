"""Checking the rotating ``[[modules]]`` of a dialogue plan, one entry at a time."""

from __future__ import annotations

import re
from typing import Any

from .report import Report
from .texts import check_texts
from .values import is_code_list

#: Module codes are stored with each response (``Response.module``, 32 characters).
MODULE_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
MODULE_KEYS = {"code", "title", "items"}
#: Items per rotating module.
MODULE_SIZE = (4, 6)
CODE_LIST_MESSAGE = "needs a list of item codes, like [\"sb_dag\"]"


def where_of(module: dict, position: int) -> str:
    """Name a module in a problem: by its code, else by its place in the file."""
    code = module.get("code")
    return f"module:{code}" if isinstance(code, str) else f"module:{position}"


def check(report: Report, modules: list[Any]) -> None:
    """Check each module: a unique code, known keys, a title and 4-6 item codes."""
    seen: set[str] = set()
    for position, module in report.tables(modules, "module:"):
        where = where_of(module, position)
        _code(report, where, module.get("code"), seen)
        for key in sorted(set(module) - MODULE_KEYS):
            report.add(where, key, "unknown key")
        check_texts(report, module.get("title"), where, "title")
        _size(report, where, module.get("items"))


def _code(report: Report, where: str, code: Any, seen: set[str]) -> None:
    if not (isinstance(code, str) and MODULE_CODE_PATTERN.match(code)):
        report.add(where, "code", "needs a code of at most 32 lower-case letters, digits, "
                                  "'-' and '_'")
    elif code in seen:
        report.add(where, "code", "duplicate module code")
    else:
        seen.add(code)


def _size(report: Report, where: str, codes: Any) -> None:
    low, high = MODULE_SIZE
    if not is_code_list(codes):
        report.add(where, "items", CODE_LIST_MESSAGE)
    elif not low <= len(codes) <= high:
        report.add(where, "items", f"has {len(codes)} items; a module has {low} to {high}")
