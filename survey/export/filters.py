"""What an export covers: questionnaire, wards, a range of periods, free text or not.

One filter object travels from the page or the command line to every writer and into
the audit trail, so each export path selects the same rows and records the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..indicators import period_bounds
from ..models import Questionnaire, Response

#: A period as people write it: a year, a quarter or a month.
PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")

GRANULARITIES = ("month", "quarter")


class FilterError(ValueError):
    """A filter value that cannot be used, with a message fit for the person who gave it."""


def check_period(text: str) -> str:
    """Return a period written as ``2026``, ``2026-Q1`` or ``2026-03``; refuse anything else."""
    text = (text or "").strip().upper()
    if not PERIOD.match(text):
        raise FilterError(f"{text!r} is not a period: write 2026, 2026-Q1 or 2026-03")
    return text


@dataclass(frozen=True)
class ExportFilter:
    """The rows an export covers. ``None`` means "no limit"."""

    questionnaire: str | None = None
    wards: tuple[int, ...] | None = None
    period_from: str | None = None
    period_to: str | None = None
    include_free_text: bool = False
    #: Period length of the indicators export.
    granularity: str = "quarter"

    def __post_init__(self) -> None:
        if self.granularity not in GRANULARITIES:
            raise FilterError(f"granularity must be one of {', '.join(GRANULARITIES)}")
        start, end = self.start(), self.end()
        if start is not None and end is not None and start >= end:
            raise FilterError("the first period comes after the last one")

    def start(self) -> dt.datetime | None:
        """The first moment covered (responses are placed by the time they started)."""
        if self.period_from is None:
            return None
        return dt.datetime.combine(period_bounds(check_period(self.period_from))[0], dt.time())

    def end(self) -> dt.datetime | None:
        """The first moment no longer covered."""
        if self.period_to is None:
            return None
        last_day = period_bounds(check_period(self.period_to))[1]
        return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time())

    def covers(self, moment: dt.date | dt.datetime) -> bool:
        """Tell whether a moment lies within the period range."""
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time())
        start, end = self.start(), self.end()
        return (start is None or moment >= start) and (end is None or moment < end)

    def restrict(self, query):
        """Limit a query that joins ``Response`` and ``Questionnaire`` to this filter."""
        if self.questionnaire is not None:
            query = query.where(Questionnaire.code == self.questionnaire)
        if self.wards is not None:
            query = query.where(Response.ward.in_(list(self.wards)))
        start, end = self.start(), self.end()
        if start is not None:
            query = query.where(Response.started_at >= start)
        if end is not None:
            query = query.where(Response.started_at < end)
        return query

    def detail(self) -> dict[str, Any]:
        """The filter as plain data, for the audit trail."""
        return {
            "questionnaire": self.questionnaire,
            "wards": list(self.wards) if self.wards is not None else "all",
            "period_from": self.period_from,
            "period_to": self.period_to,
            "free_text": self.include_free_text,
            "granularity": self.granularity,
        }
