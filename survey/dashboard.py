"""What the quality pages show: indicator series per ward and period, small groups
suppressed, with the run-chart analysis, frozen baselines and the ward's annotations.

Suppression is always worked out over every ward (``survey.suppression.cells``), so a
ward's run chart hides exactly the cells the ward comparison hides: a value shown on
one page can never be subtracted from a total on another. Suppressed points are left
out of the run-chart analysis, as if the period had no answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import format_date, format_percent, ngettext
from flask_babel import gettext as _
from peewee import fn

from . import response_rates
from .indicators import outcome_indicators, period_bounds, period_of, process_indicators
from .models import (
    Annotation,
    ChartBaseline,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    Ward,
    utcnow,
)
from .questionnaire.definition import Definition
from .questionnaire.frameworks import COMPASS, MARKER_NAMES, MARKER_THEMES, THEME_NAMES, name
from .response_rates import RESPONSE_RATE, ResponseRate
from .runchart import RunAnalysis, analyse
from .suppression import DEFAULT_MIN_N, Cell, cells

GROUPS = ("headline", "themes", "markers", "process")
PROCESS = ("process:coverage", "process:follow_up")
#: Periods a chart shows by default: two years.
WINDOW = {"month": 24, "quarter": 8}
MONTHS_IN = {"month": 1, "quarter": 3}


def min_n() -> int:
    """The smallest number of valid answers a shown number may rest on."""
    return int(current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N))


# --- Periods ---------------------------------------------------------------------------


def shift(period: str, steps: int, granularity: str) -> str:
    """The period ``steps`` periods after (or before, when negative) the given one."""
    first, _last = period_bounds(period)
    index = first.year * 12 + first.month - 1 + MONTHS_IN[granularity] * steps
    return period_of(dt.date(index // 12, index % 12 + 1, 1), granularity)


def period_range(first: str, last: str, granularity: str) -> list[str]:
    """Every period from ``first`` to ``last``, both included."""
    periods = [first]
    while periods[-1] < last:
        periods.append(shift(periods[-1], 1, granularity))
    return periods


def current_period(granularity: str) -> str:
    return period_of(utcnow().date(), granularity)


def recent_periods(granularity: str, count: int | None = None) -> list[str]:
    """The last periods up to the current one, newest first."""
    now = current_period(granularity)
    return [shift(now, -back, granularity) for back in range(count or WINDOW[granularity])]


def period_name(period: str) -> str:
    """A period in words: "november 2026", "3. kvartal 2026"."""
    first, _last = period_bounds(period)
    if "Q" in period:
        return _("Q%(number)s %(year)s", number=period[-1], year=period[:4])
    if len(period) == 7:
        return format_date(first, "LLLL y")
    return period


def axis_labels(periods: list[str]) -> list[tuple[str, str]]:
    """Short labels under a chart's points: (month or quarter, year where it changes)."""
    labels = []
    firsts = [period_bounds(period)[0] for period in periods]
    for position, (period, first) in enumerate(zip(periods, firsts, strict=True)):
        short = (_("Q%(number)s", number=period[-1]) if "Q" in period
                 else format_date(first, "LLL").rstrip("."))
        # The year under each January (or Q1), and under the first point unless a
        # January follows so closely that the two would overlap.
        soon = [f for f in firsts[position + 1:position + 3] if f.month == 1]
        new_year = first.month == 1 or (position == 0 and not soon)
        labels.append((short, str(first.year) if new_year else ""))
    return labels


# --- Questionnaires and indicators -----------------------------------------------------


#: The kinds of questionnaire whose answers become indicators, and their series.
SERIES_OF_KIND = {
    QuestionnaireKind.DIALOGUE: ["resident", "proxy"],
    QuestionnaireKind.RELATIVES: ["relative"],
    QuestionnaireKind.STAFF: ["staff"],
}


def questionnaires() -> list[Questionnaire]:
    """The questionnaires in use whose answers become indicators: dialogues, relatives, staff."""
    return list(Questionnaire.select()
                .where(Questionnaire.current == True,  # noqa: E712
                       Questionnaire.kind.in_(list(SERIES_OF_KIND)))
                .order_by(Questionnaire.kind, Questionnaire.code))


def series_for(kind: QuestionnaireKind | None) -> list[str]:
    """Who answered, as series of a questionnaire: residents and proxies, relatives, or staff."""
    return SERIES_OF_KIND.get(kind, SERIES_OF_KIND[QuestionnaireKind.DIALOGUE])


def default_granularity(kind: QuestionnaireKind | None) -> str:
    """What each point of a chart is until the reader chooses: a month, or a quarter for
    the staff pulse, whose posters go up a few times a year (monthly points would be
    mostly empty)."""
    return "quarter" if kind == QuestionnaireKind.STAFF else "month"


def groups_for(kind: QuestionnaireKind | None) -> list[str]:
    """The indicator groups a questionnaire has: the staff pulse has no process figures."""
    return [group for group in GROUPS if group != "process" or kind != QuestionnaireKind.STAFF]


def indicator_names(definition: Definition, group: str) -> list[str]:
    """The indicators of a group, in a stable order: file, themes, markers or process."""
    markers = {m for item in definition.items for m in item.get("markers", [])}
    if group == "headline" and definition.data.get("indicators"):
        return [f"{definition.code}:{ind['code']}" for ind in definition.data["indicators"]]
    if group in ("headline", "themes"):
        themes = {MARKER_THEMES[m] for m in markers}
        return [f"theme:{theme}" for theme in COMPASS if theme in themes]
    if group == "markers":
        return [f"marker:{m}" for ms in COMPASS.values() for m in ms if m in markers]
    if definition.kind == QuestionnaireKind.STAFF.value:
        return []  # no letters and no residents: nothing to count but the answers
    return [RESPONSE_RATE] if definition.kind == QuestionnaireKind.RELATIVES.value else list(PROCESS)


def indicator_label(indicator: str, definition: Definition, language: str) -> str:
    """The indicator's name for people: from the file, the compass, or the app."""
    kind, _sep, code = indicator.partition(":")
    if kind == "marker":
        return name(MARKER_NAMES, code, language)
    if kind == "theme":
        return name(THEME_NAMES, code, language)
    if indicator == "process:coverage":
        return _("Residents who had a dialogue")
    if indicator == "process:follow_up":
        return _("Agreed actions followed up at the next dialogue")
    if indicator == RESPONSE_RATE:
        return _("Relatives' letters answered (response rate)")
    for entry in definition.data.get("indicators", []):
        if entry["code"] == code:
            return definition.text(entry.get("label"), language) or code
    return indicator


def first_period(questionnaire_code: str, granularity: str) -> str | None:
    """The period of the first finished response to the questionnaire, if any."""
    first = (Response.select(fn.MIN(Response.started_at)).join(Questionnaire)
             .where(Questionnaire.code == questionnaire_code,
                    Response.status == ResponseStatus.COMPLETE).scalar())
    if isinstance(first, str):  # SQLite hands an aggregate back as text
        first = dt.datetime.fromisoformat(first)
    return period_of(first, granularity) if first else None


def wards_with_responses(questionnaire_code: str) -> set[int]:
    """The wards with at least one finished response to the questionnaire."""
    return set(Response.select(Response.ward).join(Questionnaire).distinct()
               .where(Questionnaire.code == questionnaire_code,
                      Response.status == ResponseStatus.COMPLETE).scalars())


# --- Cells -----------------------------------------------------------------------------


@dataclass
class Grid:
    """Every cell of one questionnaire, series and granularity over a range of periods."""

    periods: list[str]
    cells: dict[tuple[str, int | None, str, str], Cell] = field(default_factory=dict)
    #: What is written under each point: dialogue coverage, relatives' response rate, or
    #: nothing (the staff pulse).
    extra: str | None = "process:coverage"

    def get(self, level: str, unit_id: int | None, period: str, indicator: str) -> Cell | None:
        return self.cells.get((level, unit_id, period, indicator))

    def ward(self, ward_id: int, period: str, indicator: str) -> Cell | None:
        return self.get("ward", ward_id, period, indicator)


def load_grid(questionnaire_code: str, granularity: str, series: str,
              periods: list[str]) -> Grid:
    """Compute the indicators over the periods for every ward, then suppress small cells."""
    start = dt.datetime.combine(period_bounds(periods[0])[0], dt.time())
    end = dt.datetime.combine(period_bounds(periods[-1])[1] + dt.timedelta(days=1), dt.time())
    wanted = set(periods)
    values = [v for v in outcome_indicators(questionnaire_code, granularity, start=start, end=end)
              if v.series == series]
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == questionnaire_code,
                                              Questionnaire.current == True)  # noqa: E712
    grid = Grid(periods)
    if questionnaire is not None and questionnaire.kind == QuestionnaireKind.STAFF:
        # Staff answer through a ward poster: no letters to count, no residents to cover.
        grid.extra = None
    elif questionnaire is not None and questionnaire.kind == QuestionnaireKind.RELATIVES:
        # Relatives are no residents: under their points goes the letters' response rate.
        grid.extra = RESPONSE_RATE
        values += response_rates.response_rates(granularity, periods)
    elif users := wards_with_responses(questionnaire_code):
        # Coverage only for wards that use the questionnaire: another ward's residents are
        # not missing from it, they answer a different one.
        values += [v for v in process_indicators(questionnaire_code, granularity, sorted(users))
                   if v.period in wanted and v.indicator in PROCESS]
    for cell in cells(values, min_n()):
        grid.cells[(cell.level, cell.unit_id, cell.value.period, cell.value.indicator)] = cell
    return grid


# --- Run charts ------------------------------------------------------------------------


@dataclass
class Point:
    """One period on a run chart: a value, or a gap (suppressed, or no answers)."""

    period: str
    state: str  # "shown", "suppressed" or "empty"
    value: float | None = None
    n: int | None = None
    #: Why a point is hidden: "primary" (too few answers) or "secondary" (protects another).
    reason: str | None = None
    #: The ward's dialogue coverage (or a response rate) in the period, under the point.
    extra: Point | None = None


def point_of(cell: Cell | None, period: str) -> Point:
    if cell is None or cell.value.denominator == 0:
        return Point(period, "empty", n=0)
    if cell.suppressed:
        return Point(period, "suppressed", reason=cell.reason)
    return Point(period, "shown", value=cell.value.value, n=cell.value.n)


@dataclass
class Chart:
    """One indicator for one ward over the periods, analysed by Anhøj's rules."""

    ward: Ward
    indicator: str
    label: str
    points: list[Point]
    analysis: RunAnalysis
    baseline: ChartBaseline | None = None
    #: How many of the first points the median was frozen on.
    baseline_points: int | None = None
    annotations: list[Annotation] = field(default_factory=list)
    #: The label of the line of figures under n (coverage), if any.
    extra_label: str | None = None

    @property
    def key(self) -> str:
        return f"{self.ward.id}-{self.indicator.replace(':', '-')}"


def points_in_baseline(periods: list[str], frozen_through: str) -> int:
    """How many of the periods end on or before the frozen baseline's last day."""
    last_day = period_bounds(frozen_through)[1]
    return sum(1 for period in periods if period_bounds(period)[1] <= last_day)


def build_chart(grid: Grid, ward: Ward, indicator: str, label: str,
                baseline: ChartBaseline | None, annotations: list[Annotation]) -> Chart:
    """A ward's run chart of one indicator from the grid's (suppressed) cells."""
    points = [point_of(grid.ward(ward.id, period, indicator), period) for period in grid.periods]
    extra_label = None
    if grid.extra is not None and not indicator.startswith("process:"):
        extra_label = _("Response rate") if grid.extra == RESPONSE_RATE else _("Coverage")
        for point in points:
            point.extra = point_of(grid.ward(ward.id, point.period, grid.extra), point.period)
    frozen = points_in_baseline(grid.periods, baseline.frozen_through) if baseline else None
    analysis = analyse([p.value if p.state == "shown" else None for p in points], frozen)
    return Chart(ward, indicator, label, points, analysis, baseline, frozen, annotations,
                 extra_label)


def annotations_of(ward: Ward) -> list[Annotation]:
    return list(Annotation.select().where(Annotation.ward == ward)
                .order_by(Annotation.started_on, Annotation.id))


def baselines_of(ward: Ward, questionnaire_code: str) -> dict[str, ChartBaseline]:
    return {b.indicator: b for b in ChartBaseline.select().where(
        ChartBaseline.ward == ward, ChartBaseline.questionnaire_code == questionnaire_code)}


def chart_periods(questionnaire_code: str, granularity: str, last: str,
                  baselines: Iterable[ChartBaseline] = ()) -> list[str]:
    """The periods charts show: two years up to ``last``, or back to a baseline's start.

    A frozen baseline's median comes from every point up to it, so the charts then
    reach back to the first period with answers.
    """
    first = shift(last, 1 - WINDOW[granularity], granularity)
    start_of_data = first_period(questionnaire_code, granularity)
    if start_of_data is not None and any(True for _b in baselines) and start_of_data < first:
        first = start_of_data
    return period_range(first, last, granularity)


# --- Words -----------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def signal_sentences(analysis: RunAnalysis) -> list[str]:
    """What the run chart's rules say, in short sentences anyone can read."""
    if analysis.median is None:
        return [_("No answers to show yet.")]
    sentences = []
    if analysis.long_run:
        if analysis.longest_run_side > 0:
            sentences.append(_("Signal: %(count)s points in a row lie above the median. "
                               "More than %(limit)s in a row seldom happens by chance.",
                               count=analysis.longest_run, limit=analysis.run_limit))
        else:
            sentences.append(_("Signal: %(count)s points in a row lie below the median. "
                               "More than %(limit)s in a row seldom happens by chance.",
                               count=analysis.longest_run, limit=analysis.run_limit))
    if analysis.few_crossings:
        sentences.append(ngettext("Signal: the line crosses the median only once. "
                                  "Fewer than %(limit)s crossings seldom happens by chance.",
                                  "Signal: the line crosses the median only %(num)s times. "
                                  "Fewer than %(limit)s crossings seldom happens by chance.",
                                  analysis.crossings, limit=analysis.crossings_limit))
    if not sentences:
        sentences.append(_("No signal: the points vary around the median as chance would "
                           "have it."))
    return sentences


def relatives_response_rate(ward: Ward, period: str) -> ResponseRate | None:
    """The relatives' response rate of waves opened in the period; None: not measured."""
    return response_rates.relatives_response_rate(ward, period, min_n())
