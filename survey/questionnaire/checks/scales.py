"""Checking ``[scales.<name>]``: type, options, their labels and icons, and direction."""

from __future__ import annotations

from typing import Any

from ..items import option_problems
from .plan import has_plan
from .report import Report
from .texts import check_options
from .values import dicts, join


def check(report: Report) -> None:
    """Check every named scale of the file."""
    scales = report.data.get("scales", {})
    if not isinstance(scales, dict):
        report.add("-", "scales", "must be a table of named scales")
        return
    for name, scale in scales.items():
        _scale(report, f"scale:{name}", scale)


def _scale(report: Report, where: str, scale: Any) -> None:
    if not isinstance(scale, dict):
        report.add(where, "-", "must be a table")
        return
    if scale.get("type") not in ("pictorial", "labelled"):
        report.add(where, "type", "must be 'pictorial' or 'labelled'")
    for field, message in option_problems(scale.get("options"), scale.get("missing", []),
                                          "options"):
        report.add(where, field, message)
    check_options(report, where, scale, pictorial=scale.get("type") == "pictorial")
    _direction(report, where, scale)


def _direction(report: Report, where: str, scale: dict) -> None:
    """Check ``positive`` and ``negative``: the option codes indicators count.

    Every scale needs them, except in a dialogue file without a dialogue plan (the
    format before rotation), where top_box counts the first option positive and the
    last negative.
    """
    required = has_plan(report.data) or report.data.get("kind") != "dialogue"
    chosen = {field: _counted(report, where, scale, field, required)
              for field in ("positive", "negative")}
    both = (chosen["positive"] or set()) & (chosen["negative"] or set())
    if both:
        report.add(where, "negative", f"{join(sorted(both))} also counted as positive")


def _counted(report: Report, where: str, scale: dict, field: str,
             required: bool) -> set[int] | None:
    """Check one of ``positive`` and ``negative``; return its codes (None if unusable)."""
    values = scale.get(field)
    if values is None:
        if required:
            report.add(where, field, f"needs the option codes that count as a {field} "
                                     "answer, like [1]")
        return None
    if not (isinstance(values, list) and values and all(type(v) is int for v in values)):
        report.add(where, field, "must be a non-empty list of option codes")
        return None
    options, missing = _option_codes(scale, "options"), _option_codes(scale, "missing")
    for value in values:
        if value in missing:
            report.add(where, field, f"{value} is a missing code, not an answer option")
        elif value not in options:
            report.add(where, field, f"unknown option code {value}")
    return set(values)


def _option_codes(scale: dict, field: str) -> set[int]:
    return {entry["code"] for entry in dicts(scale.get(field)) if type(entry.get("code")) is int}
