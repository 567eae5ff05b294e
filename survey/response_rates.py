"""Relatives' response rates: letters sent to a ward, and how many were answered.

A letter counts in the period its wave opened. Ward posters (open links) have no
response rate: anyone may answer them, any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass

from .indicators import IndicatorValue, period_bounds, period_of
from .models import Invitation, InvitationWave, Ward

#: The indicator key of the response rate on run charts.
RESPONSE_RATE = "process:response_rate"


def _letters():
    return (Invitation.select(Invitation.ward, InvitationWave.opens_on, Invitation.submitted_on)
            .join(InvitationWave)
            .where(Invitation.open_link == False))  # noqa: E712


def response_rates(granularity: str, periods: list[str]) -> list[IndicatorValue]:
    """Letters answered out of letters sent, per ward and period (as indicator values)."""
    first, last = period_bounds(periods[0])[0], period_bounds(periods[-1])[1]
    values: dict[tuple[int, str], IndicatorValue] = {}
    for ward_id, opens_on, submitted_on in (_letters().where(
            InvitationWave.opens_on.between(first, last)).tuples()):
        period = period_of(opens_on, granularity)
        value = values.get((ward_id, period))
        if value is None:
            value = values[(ward_id, period)] = IndicatorValue(ward_id, period, RESPONSE_RATE,
                                                               "all")
        value.denominator += 1
        value.numerator += submitted_on is not None
    return sorted(values.values(), key=lambda v: (v.ward_id, v.period))


@dataclass
class ResponseRate:
    """Relatives' letters sent to a ward in a period, and how many were answered."""

    letters: int
    answered: int
    suppressed: bool

    @property
    def value(self) -> float | None:
        return None if self.suppressed or not self.letters else self.answered / self.letters


def relatives_response_rate(ward: Ward, period: str, min_n: int) -> ResponseRate | None:
    """The response rate of the ward's letters in waves opened in the period; None: no letters.

    Hidden when fewer than ``min_n`` letters were sent.
    """
    first, last = period_bounds(period)
    letters = (Invitation.select().join(InvitationWave)
               .where(Invitation.ward == ward, Invitation.open_link == False,  # noqa: E712
                      InvitationWave.opens_on.between(first, last)))
    sent = letters.count()
    if not sent:
        return None
    answered = letters.where(Invitation.submitted_on.is_null(False)).count()
    return ResponseRate(sent, answered, suppressed=sent < min_n)
