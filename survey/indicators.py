"""Indicators per ward and period, computed from the answers: one function for all uses.

Outcome indicators count valid answers (not "don't know", "rather not say", "could not
answer"): the positive share is what the scale calls positive, the negative share what
it calls negative; the missing codes are reported as their own data-quality share.
Answers are kept in series by who gave them: the resident (alone or with support),
a proxy (a relative or staff observing), or a relative answering for themselves.

Process indicators follow the dialogues themselves: coverage of residents, follow-up
of agreed actions, and who answered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .models import (
    DIALOGUE_ANSWERERS,
    AgreedAction,
    Answer,
    AnsweredBy,
    Questionnaire,
    Resident,
    Response,
    ResponseStatus,
    Ward,
)
from .questionnaire.codebook import SCORED_TYPES, direction, indicator_items
from .questionnaire.definition import Definition, Item
from .questionnaire.frameworks import MARKER_THEMES
from .questionnaire.store import definition_of

GRANULARITIES = ("month", "quarter", "year")

SERIES_OF = {
    AnsweredBy.RESIDENT: "resident",
    AnsweredBy.RESIDENT_ASSISTED: "resident",
    AnsweredBy.RELATIVE_PROXY: "proxy",
    AnsweredBy.STAFF_OBSERVATION: "proxy",
    AnsweredBy.RELATIVE: "relative",
    AnsweredBy.STAFF: "staff",
}


def period_of(moment: dt.date | dt.datetime, granularity: str) -> str:
    """Name the period a moment falls in: ``2026-11``, ``2026-Q4`` or ``2026``."""
    if granularity == "month":
        return f"{moment.year}-{moment.month:02d}"
    if granularity == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    if granularity == "year":
        return str(moment.year)
    raise ValueError(f"unknown granularity {granularity!r}")


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a named period."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    quarter = period[5] == "Q"
    first_month = 3 * (int(period[6]) - 1) + 1 if quarter else int(period[5:7])
    last_month = first_month + (2 if quarter else 0)
    start = dt.date(year, first_month, 1)
    end = (dt.date(year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1))
    return start, end


@dataclass
class IndicatorValue:
    """One indicator for one ward (or group) and period: counts, shares and n."""

    ward_id: int
    period: str
    indicator: str
    series: str
    #: Positive answers (or, for process indicators, what is counted).
    numerator: int = 0
    #: Valid answers (or, for process indicators, what it is counted out of).
    denominator: int = 0
    negative: int = 0
    #: Answers with a missing code ("don't know" and the like): data quality.
    missing: int = 0
    #: Responses the values come from.
    responses: set[int] = field(default_factory=set, repr=False)

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.denominator if self.denominator else None

    @property
    def missing_share(self) -> float | None:
        total = self.denominator + self.missing
        return self.missing / total if total else None

    @property
    def n(self) -> int:
        """Valid answers: what suppression of small groups looks at."""
        return self.denominator


@dataclass(frozen=True)
class Coding:
    """How an item's answer codes count: positive, negative, or missing."""

    positive: frozenset[int]
    negative: frozenset[int]
    missing: frozenset[int]


def coding_of(item: Item, definition: Definition) -> Coding | None:
    """How the item's codes count for indicators; None for items indicators leave out."""
    if item["type"] not in SCORED_TYPES:
        return None
    positive, negative = direction(item, definition)
    missing = definition.scale(item["scale"]).get("missing", []) if item["type"] == "scale" else []
    return Coding(frozenset(positive), frozenset(negative),
                  frozenset(entry["code"] for entry in missing))


def indicator_keys(item: Item, definition: Definition) -> list[str]:
    """The outcome indicators an item counts towards: its markers, themes, file indicators."""
    markers = item.get("markers", [])
    keys = [f"marker:{marker}" for marker in markers]
    keys += [f"theme:{theme}" for theme in dict.fromkeys(MARKER_THEMES[m] for m in markers)]
    keys += [f"{definition.code}:{indicator['code']}"
             for indicator in definition.data.get("indicators", [])
             if item["code"] in indicator_items(indicator, definition)]
    return keys


def _answer_rows(questionnaire_code: str, wards: Iterable[int] | None,
                 start: dt.datetime | None, end: dt.datetime | None):
    query = (
        Answer.select(Answer.item_code, Answer.value_code, Answer.answered_by,
                      Response.id.alias("response_id"), Response.ward.alias("ward_id"),
                      Response.started_at, Response.answered_by.alias("response_answered_by"),
                      Response.questionnaire.alias("questionnaire_id"))
        .join(Response)
        .join(Questionnaire)
        .where(Questionnaire.code == questionnaire_code,
               Response.status == ResponseStatus.COMPLETE,
               Answer.value_code.is_null(False))
    )
    if wards is not None:
        query = query.where(Response.ward.in_(list(wards)))
    if start is not None:
        query = query.where(Response.started_at >= start)
    if end is not None:
        query = query.where(Response.started_at < end)
    return query.tuples().iterator()


def outcome_indicators(questionnaire_code: str, granularity: str = "quarter",
                       wards: Iterable[int] | None = None, start: dt.datetime | None = None,
                       end: dt.datetime | None = None) -> list[IndicatorValue]:
    """Positive, negative and missing shares per ward, period, indicator and series."""
    versions = {q.id: definition_of(q) for q in
                Questionnaire.select().where(Questionnaire.code == questionnaire_code)}
    plans: dict[tuple[int, str], tuple[Coding | None, list[str]]] = {}
    values: dict[tuple, IndicatorValue] = {}
    for (item_code, value_code, answer_by, response_id, ward_id, started_at, response_by,
         questionnaire_id) in _answer_rows(questionnaire_code, wards, start, end):
        plan_key = (questionnaire_id, item_code)
        if plan_key not in plans:
            definition = versions[questionnaire_id]
            item = definition.item(item_code)
            coding = coding_of(item, definition) if item else None
            plans[plan_key] = (coding, indicator_keys(item, definition) if coding else [])
        coding, keys = plans[plan_key]
        if coding is None:
            continue
        series = SERIES_OF[AnsweredBy(answer_by or response_by)]
        period = period_of(started_at, granularity)
        for key in keys:
            value = values.get((ward_id, period, key, series))
            if value is None:
                value = values[(ward_id, period, key, series)] = IndicatorValue(
                    ward_id, period, key, series)
            value.responses.add(response_id)
            if value_code in coding.missing:
                value.missing += 1
                continue
            value.denominator += 1
            value.numerator += value_code in coding.positive
            value.negative += value_code in coding.negative
    return sorted(values.values(), key=lambda v: (v.ward_id, v.period, v.indicator, v.series))


def _completed_dialogues(questionnaire_code: str, wards: Iterable[int] | None):
    query = (
        Response.select(Response.id, Response.ward, Response.resident, Response.started_at,
                        Response.answered_by)
        .join(Questionnaire)
        .where(Questionnaire.code == questionnaire_code,
               Response.status == ResponseStatus.COMPLETE)
        .order_by(Response.started_at)
    )
    if wards is not None:
        query = query.where(Response.ward.in_(list(wards)))
    return list(query)


def _residents_on(ward_id: int, first: dt.date, last: dt.date) -> int:
    """Residents living on the ward at some time in the period (by admission, else registration)."""
    day_after = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    admitted = (Resident.admitted_on.is_null(False) & (Resident.admitted_on <= last)) | (
        Resident.admitted_on.is_null() & (Resident.created_at < day_after))
    still_there = Resident.discharged_on.is_null() | (Resident.discharged_on >= first)
    return Resident.select().where(Resident.ward == ward_id, admitted, still_there).count()


def process_indicators(questionnaire_code: str, granularity: str = "quarter",
                       wards: Iterable[int] | None = None) -> list[IndicatorValue]:
    """Dialogue coverage, follow-up of agreed actions and who answered, per ward and period."""
    dialogues = _completed_dialogues(questionnaire_code, wards)
    values: dict[tuple, IndicatorValue] = {}

    def value(ward_id: int, period: str, key: str) -> IndicatorValue:
        if (ward_id, period, key) not in values:
            values[(ward_id, period, key)] = IndicatorValue(ward_id, period, key, "all")
        return values[(ward_id, period, key)]

    covered: dict[tuple[int, str], set[int]] = defaultdict(set)
    for dialogue in dialogues:
        period = period_of(dialogue.started_at, granularity)
        covered[(dialogue.ward_id, period)].add(dialogue.resident_id)
        for answered_by in DIALOGUE_ANSWERERS:
            share = value(dialogue.ward_id, period, f"process:answered_by:{answered_by.value}")
            share.denominator += 1
            share.numerator += dialogue.answered_by == answered_by
            share.responses.add(dialogue.id)
    ward_ids = list(wards) if wards is not None else [w.id for w in Ward.select(Ward.id)]
    periods = {period for _, period in covered}
    for ward_id in ward_ids:
        for period in periods:
            coverage = value(ward_id, period, "process:coverage")
            coverage.numerator = len(covered.get((ward_id, period), ()))
            coverage.denominator = _residents_on(ward_id, *period_bounds(period))
    for action, next_dialogue in _actions_with_next_dialogue(dialogues):
        period = period_of(next_dialogue.started_at, granularity)
        follow_up = value(next_dialogue.ward_id, period, "process:follow_up")
        follow_up.denominator += 1
        follow_up.numerator += action.followed_up_in_id is not None
        follow_up.responses.add(next_dialogue.id)
    return sorted((v for v in values.values() if v.denominator),
                  key=lambda v: (v.ward_id, v.period, v.indicator))


def _actions_with_next_dialogue(dialogues: list[Response]) -> Iterator[tuple[AgreedAction, Response]]:
    """Each agreed action with the resident's next finished dialogue, when it was due."""
    by_resident: dict[int, list[Response]] = defaultdict(list)
    started: dict[int, dt.datetime] = {}
    for dialogue in dialogues:
        by_resident[dialogue.resident_id].append(dialogue)
        started[dialogue.id] = dialogue.started_at
    actions = AgreedAction.select().where(AgreedAction.response.in_(list(started)))
    for action in actions:
        agreed_at = started[action.response_id]
        later = [d for d in by_resident[action.resident_id] if d.started_at > agreed_at]
        if later:
            yield action, later[0]


def indicators(questionnaire_code: str, granularity: str = "quarter",
               wards: Iterable[int] | None = None) -> list[IndicatorValue]:
    """Every outcome and process indicator of a questionnaire per ward and period."""
    return (outcome_indicators(questionnaire_code, granularity, wards)
            + process_indicators(questionnaire_code, granularity, wards))
