"""Checking ``[[indicators]]``: code, label, rule, and the items they are computed over."""

from __future__ import annotations

from typing import Any

from ..codebook import SCORED_TYPES
from ..frameworks import COMPASS, MARKER_THEMES
from .report import Report
from .texts import check_texts
from .values import codes, dicts, join, unknown

INDICATOR_RULES = ("top_box",)
#: An indicator is computed over its ``items``, or the items carrying a ``marker`` or theme.
INDICATOR_SOURCES = ("items", "marker", "theme")


def check(report: Report, item_codes: set[str]) -> None:
    """Check every indicator of the file against its items."""
    indicators = report.data.get("indicators", [])
    if not isinstance(indicators, list):
        report.add("-", "indicators", "must be a list of [[indicators]]")
        return
    seen: set[str] = set()
    for position, indicator in report.tables(indicators, "indicator:"):
        _indicator(report, f"indicator:{indicator.get('code', position)}", indicator,
                   item_codes, seen)


def _indicator(report: Report, where: str, indicator: dict, item_codes: set[str],
               seen: set[str]) -> None:
    if not isinstance(indicator.get("code"), str) or indicator["code"] in seen:
        report.add(where, "code", "needs a unique code")
    else:
        seen.add(indicator["code"])
    check_texts(report, indicator.get("label"), where, "label")
    if indicator.get("rule") not in INDICATOR_RULES:
        report.add(where, "rule", f"must be one of {', '.join(INDICATOR_RULES)}")
    sources = [key for key in INDICATOR_SOURCES if key in indicator]
    if len(sources) != 1:
        report.add(where, "items", "needs exactly one of 'items', 'marker' or 'theme'")
    elif sources == ["items"]:
        _listed_items(report, where, indicator["items"], item_codes)
    else:
        _group(report, where, sources[0], indicator[sources[0]])


def _listed_items(report: Report, where: str, items: Any, item_codes: set[str]) -> None:
    if not (isinstance(items, list) and items):
        report.add(where, "items", "needs a list of item codes")
        return
    for code in unknown(items, item_codes):
        report.add(where, "items", f"unknown item '{code}'")


def _group(report: Report, where: str, field: str, value: Any) -> None:
    """Check an indicator over a marker or a theme: known, and carried by scored items."""
    known = MARKER_THEMES if field == "marker" else COMPASS
    if not (isinstance(value, str) and value in known):
        report.add(where, field, f"unknown {field} '{value}', use one of {join(known)}")
    elif not _scored_item_carries(report.data, {value} if field == "marker" else set(COMPASS[value])):
        report.add(where, field, f"no scale or yes/no item carries {field} '{value}'")


def _scored_item_carries(data: dict[str, Any], markers: set[str]) -> bool:
    """Whether a yes/no or scale item carries any of the markers (with a code or not)."""
    return any(item.get("type") in SCORED_TYPES and markers & set(codes(item.get("markers")))
               for item in dicts(data.get("items")))
