"""Reporting periods."""

import datetime as dt


def quarter_of(moment: dt.datetime | dt.date) -> str:
    """Return the quarter a moment falls in, as ``2026-Q4``."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
