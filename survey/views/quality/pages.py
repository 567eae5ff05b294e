"""The quality pages themselves: run charts of one ward, ward comparison, council report."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from peewee import fn
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from ... import dashboard
from ...forms.quality import (
    GROUPS,
    SERIES,
    AnnotationForm,
    BaselineForm,
    ComparisonForm,
    DashboardForm,
    ReportForm,
)
from ...models import (
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    Site,
    Ward,
    utcnow,
)
from ...questionnaire.store import definition_of
from ..rendering import render
from . import FILTERS, bp, readers

# --- Choices ---------------------------------------------------------------------------


def _wards() -> list[Ward]:
    return list(Ward.select(Ward, Site).join(Site).order_by(Site.name, Ward.name))


def _ward_choices(wards: list[Ward]) -> list[SelectChoice]:
    return [SelectChoice(ward.id, ward.name, optgroup=ward.site.name) for ward in wards]


def _finished():
    return (Response.select(Questionnaire.code, fn.COUNT(Response.id)).join(Questionnaire)
            .where(Response.status == ResponseStatus.COMPLETE).group_by(Questionnaire.code))


def _choose_questionnaire(form, ward: Ward | None = None,
                          dialogues_only: bool = False) -> Questionnaire | None:
    """Offer the questionnaires in use; by default the one most answered (on the ward)."""
    current = [q for q in dashboard.questionnaires()
               if not dialogues_only or q.kind == QuestionnaireKind.DIALOGUE]
    language = get_locale().language
    form.questionnaire.choices = [SelectChoice(q.code, definition_of(q).title(language))
                                  for q in current]
    used = dict((_finished().where(Response.ward == ward) if ward else _finished()).tuples())
    usual = max(current, key=lambda q: used.get(q.code, 0), default=None)
    if usual is not None:
        form.questionnaire.default = usual.code
        if not form.questionnaire.raw_data:  # not asked for
            form.questionnaire.data = usual.code
    form.settle("questionnaire")
    return next((q for q in current if q.code == form.questionnaire.data), None)


def _default_ward(form, wards: list[Ward], chosen: Ward | None,
                  questionnaire: Questionnaire | None) -> None:
    """Without a ward asked for, start on the first ward that answers the questionnaire."""
    if chosen is None and questionnaire is not None:
        with_data = dashboard.wards_with_responses(questionnaire.code)
        form.ward.data = next((w.id for w in wards if w.id in with_data), None)


def _series_choices(questionnaire: Questionnaire | None) -> list[SelectChoice]:
    kind = questionnaire.kind if questionnaire else None
    return [SelectChoice(s, SERIES[s]) for s in dashboard.series_for(kind)]


def _group_choices(questionnaire: Questionnaire | None) -> list[SelectChoice]:
    groups = dashboard.groups_for(questionnaire.kind if questionnaire else None)
    return [choice for choice in GROUPS if choice.value in groups]


def _period_choices(granularity: str) -> list[SelectChoice]:
    return [SelectChoice(p, dashboard.period_name(p)) for p in dashboard.recent_periods(granularity)]


def _charts(grid: dashboard.Grid, ward: Ward, questionnaire: Questionnaire,
            names: list[str]) -> list[dashboard.Chart]:
    definition = definition_of(questionnaire)
    language = get_locale().language
    baselines = dashboard.baselines_of(ward, questionnaire.code)
    annotations = dashboard.annotations_of(ward)
    return [dashboard.build_chart(grid, ward, name,
                                  dashboard.indicator_label(name, definition, language),
                                  baselines.get(name), annotations) for name in names]


def _periods_for(ward: Ward, code: str, granularity: str, last: str, names: list[str]) -> list[str]:
    baselines = dashboard.baselines_of(ward, code)
    return dashboard.chart_periods(code, granularity, last,
                                   [b for name, b in baselines.items() if name in names])


# --- Dashboard -------------------------------------------------------------------------


@bp.get("/")
@readers
def dashboard_page():
    """Show one ward's indicators over time as run charts, with their signals."""
    return render("quality/dashboard.html", "quality/_dashboard.html",
                  **dashboard_context(request.args))


def dashboard_context(args: MultiDict, annotation_form: AnnotationForm | None = None) -> dict:
    """What the dashboard shows for the filters in ``args`` (a wrong value falls back)."""
    wards = _wards()
    form = DashboardForm(args)
    form.ward.choices = _ward_choices(wards)
    chosen = next((w for w in wards if w.id == form.ward.data), None)
    questionnaire = _choose_questionnaire(form, chosen)
    form.series.choices = _series_choices(questionnaire)
    form.group.choices = _group_choices(questionnaire)
    if "granularity" not in args or args.get("shown", form.questionnaire.data) != form.questionnaire.data:
        # Not chosen, or chosen for the questionnaire the filters showed before this one.
        form.granularity.data = dashboard.default_granularity(
            questionnaire.kind if questionnaire else None)
    _default_ward(form, wards, chosen, questionnaire)
    form.settle()
    context = {"form": form, "questionnaire": questionnaire, "ward": None}
    if questionnaire is not None and wards:
        ward = next(w for w in wards if w.id == form.ward.data)
        granularity, code = form.granularity.data, questionnaire.code
        names = dashboard.indicator_names(definition_of(questionnaire), form.group.data)
        periods = _periods_for(ward, code, granularity, dashboard.current_period(granularity), names)
        grid = dashboard.load_grid(code, granularity, form.series.data, periods)
        charts = _charts(grid, ward, questionnaire, names)
        context.update(ward=ward, charts=charts,
                       annotation_form=annotation_form or AnnotationForm(formdata=None),
                       annotations=dashboard.annotations_of(ward),
                       baseline_forms={c.indicator: _baseline_form(c, periods) for c in charts},
                       filters={name: form[name].data for name in FILTERS})
    return context


def _baseline_form(chart: dashboard.Chart, periods: list[str]) -> BaselineForm:
    """The freeze form of a chart: by default up to the period before the latest change."""
    form = BaselineForm(formdata=None, indicator=chart.indicator)
    form.frozen_through.choices = [SelectChoice(p, dashboard.period_name(p)) for p in periods]
    suggestion = periods[min(11, len(periods) - 1)]
    if chart.annotations:
        started = chart.annotations[-1].started_on
        before = [p for p in periods if dashboard.period_bounds(p)[1] < started]
        if before:
            suggestion = before[-1]
    form.frozen_through.data = chart.baseline.frozen_through if chart.baseline else suggestion
    return form


# --- Comparison ------------------------------------------------------------------------


@bp.get("/comparison")
@readers
def comparison():
    """Show every ward side by side on each indicator for one period."""
    form = ComparisonForm(request.args)
    questionnaire = _choose_questionnaire(form)
    form.series.choices = _series_choices(questionnaire)
    form.group.choices = _group_choices(questionnaire)
    form.settle("granularity")
    form.period.choices = _period_choices(form.granularity.data)
    form.period.default = form.period.choices[1].value  # the last whole period
    if "period" not in request.args:
        form.period.data = form.period.default
    form.settle()
    context = {"form": form, "questionnaire": questionnaire}
    if questionnaire is not None:
        definition = definition_of(questionnaire)
        language = get_locale().language
        grid = dashboard.load_grid(questionnaire.code, form.granularity.data, form.series.data,
                                   [form.period.data])
        with_data = dashboard.wards_with_responses(questionnaire.code)
        sites: dict[Site, list[Ward]] = {}
        for ward in _wards():
            if ward.id in with_data:
                sites.setdefault(ward.site, []).append(ward)
        rows = [(name, dashboard.indicator_label(name, definition, language))
                for name in dashboard.indicator_names(definition, form.group.data)]
        context.update(period=form.period.data, grid=grid, sites=sites, rows=rows)
    return render("quality/comparison.html", "quality/_comparison.html", **context)


# --- Council report --------------------------------------------------------------------


@bp.get("/report")
@readers
def report():
    """A printable report for a ward's quality council: one quarter, in plain language."""
    wards = _wards()
    form = ReportForm(request.args)
    form.ward.choices = _ward_choices(wards)
    form.period.choices = _period_choices("quarter")
    form.period.default = form.period.choices[1].value  # the last whole quarter
    if "period" not in request.args:
        form.period.data = form.period.default
    chosen = next((w for w in wards if w.id == form.ward.data), None)
    # The report is about the dialogues; relatives come in through their response rate.
    questionnaire = _choose_questionnaire(form, chosen, dialogues_only=True)
    _default_ward(form, wards, chosen, questionnaire)
    form.settle()
    context = {"form": form, "questionnaire": questionnaire, "ward": None}
    if questionnaire is not None and wards:
        ward = next(w for w in wards if w.id == form.ward.data)
        context.update(_report_context(ward, questionnaire, form.period.data))
    return render("quality/report.html", "quality/report.html", **context)


def _report_context(ward: Ward, questionnaire: Questionnaire, quarter: str) -> dict:
    """The quarter's figures (summed per quarter) and monthly run charts up to its end."""
    code = questionnaire.code
    definition = definition_of(questionnaire)
    language = get_locale().language
    headline = dashboard.indicator_names(definition, "headline")
    previous = dashboard.shift(quarter, -1, "quarter")
    figures = dashboard.load_grid(code, "quarter", "resident", [previous, quarter])
    first_day, last_day = dashboard.period_bounds(quarter)
    names = headline + list(dashboard.PROCESS)
    periods = _periods_for(ward, code, "month", dashboard.period_of(last_day, "month"), names)
    grid = dashboard.load_grid(code, "month", "resident", periods)
    return {
        "ward": ward, "quarter": quarter, "previous": previous, "figures": figures,
        "headline": [(n, dashboard.indicator_label(n, definition, language)) for n in headline],
        "charts": _charts(grid, ward, questionnaire, names),
        "title": definition.title(language),
        "coverage": figures.ward(ward.id, quarter, "process:coverage"),
        "follow_up": figures.ward(ward.id, quarter, "process:follow_up"),
        "relatives": dashboard.relatives_response_rate(ward, quarter),
        "changes": [a for a in dashboard.annotations_of(ward) if a.started_on <= last_day],
        "first_day": first_day, "last_day": last_day, "min_n": dashboard.min_n(),
        "today": utcnow().date(),
    }
