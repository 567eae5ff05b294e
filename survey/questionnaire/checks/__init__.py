"""Checking one parsed questionnaire file; every problem is a ``file:item:field: message``.

The checks run in the order an author reads the file: its own keys, the scales, the
items, the dialogue plan and the indicators. Easy-language advice (readability.py) is
given only for a file without problems, as ``file:item:field: warning: message``.
"""

from __future__ import annotations

from typing import Any

from . import indicators, items, plan, scales, top_level
from .readability import warnings
from .report import Problem, Report
from .texts import pictograms

__all__ = ["Problem", "pictograms", "problems", "warnings"]


def problems(file: str, data: dict[str, Any]) -> list[Problem]:
    """Return every problem of a parsed file, named ``file`` in the messages."""
    report = Report(file, data, pictograms())
    top_level.check(report)
    scales.check(report)
    item_codes = items.check(report, plan.order(data))
    plan.check(report, item_codes)
    indicators.check(report, item_codes)
    return report.problems
