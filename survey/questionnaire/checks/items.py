"""Checking ``[[items]]``: codes, type and its keys, texts, options, tags and conditions."""

from __future__ import annotations

from typing import Any

from .. import conditions
from ..frameworks import MARKER_THEMES, TAG_VALUES
from ..items import REGISTRY
from .report import Report
from .texts import check_options, check_texts
from .values import CODE_MESSAGE, is_code, join, unknown

ITEM_KEYS = {"code", "type", "text", "help", "markers", "show_if", *TAG_VALUES}


def check(report: Report, order: dict[str, set[str]] | None) -> set[str]:
    """Check every item; return the item codes seen.

    ``order`` gives, per item, the items asked before it in the same dialogue (see
    plan.order); None means the file has no plan and items are asked in file order.
    """
    items = report.data.get("items")
    if not (isinstance(items, list) and items):
        report.add("-", "items", "needs at least one [[items]] entry")
        return set()
    seen: set[str] = set()
    for position, item in report.tables(items, "#"):
        code = item.get("code")
        where = code if isinstance(code, str) else f"#{position}"
        if not is_code(code):
            report.add(where, "code", CODE_MESSAGE)
        elif code in seen:
            report.add(where, "code", "duplicate item code")
        # With a plan, "earlier" means asked earlier in the same dialogue, not in the file.
        key = code if isinstance(code, str) else ""
        _item(report, where, item, seen if order is None else order.get(key, set()))
        if isinstance(code, str):
            seen.add(code)
    return seen


def _item(report: Report, where: str, item: dict, earlier: set[str]) -> None:
    kind = REGISTRY.get(item["type"]) if isinstance(item.get("type"), str) else None
    if kind is None:
        report.add(where, "type", f"unknown type '{item.get('type')}', use one of {', '.join(REGISTRY)}")
        return
    for key in sorted(set(item) - ITEM_KEYS - kind.keys):
        report.add(where, key, f"unknown key for a {kind.name} item")
    check_texts(report, item.get("text"), where, "text")
    check_texts(report, item.get("help"), where, "help", required=False)
    for field, message in kind.problems(item, report.data):
        report.add(where, field, message)
    if "options" in item:
        check_options(report, where, item)
    _markers(report, where, item.get("markers", []))
    _tags(report, where, item)
    if "show_if" in item:
        for message in conditions.problems(item["show_if"], earlier):
            report.add(where, "show_if", message)


def _markers(report: Report, where: str, markers: Any) -> None:
    if not isinstance(markers, list):
        report.add(where, "markers", "must be a list of marker codes")
        return
    for marker in unknown(markers, MARKER_THEMES):
        report.add(where, "markers", f"unknown marker '{marker}'")


def _tags(report: Report, where: str, item: dict) -> None:
    """Check the framework tags (``elder_act``, ``quality_model``) against their values."""
    for key, allowed in TAG_VALUES.items():
        values = item.get(key, [])
        if not isinstance(values, list):
            report.add(where, key, f"must be a list, like [\"{next(iter(allowed))}\"]")
            continue
        for value in unknown(values, allowed):
            report.add(where, key, f"unknown value '{value}', use one of {join(allowed)}")
