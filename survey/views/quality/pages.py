"""The quality team's pages: run charts per ward, ward comparison, the council report.

Everything shown is an aggregate with small groups suppressed (see survey.dashboard), so
administrators may read these pages too; the marks on the charts (changes started,
frozen baselines) are the quality team's judgement, so only the quality role sets them.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from peewee import fn
from wtforms import SelectChoice

from .. import audit, dashboard
from ..auth import require_role
from ..charts import hidden_words, run_chart_svg
from ..db import db
from ..forms.quality import (
    SERIES,
    AnnotationForm,
    BaselineForm,
    ComparisonForm,
    DashboardForm,
    ReportForm,
)
from ..models import (
    Annotation,
    ChartBaseline,
    Questionnaire,
    Response,
    ResponseStatus,
    Role,
    Site,
    Ward,
    utcnow,
)
from ..questionnaire.store import definition_of
from .rendering import render

bp = Blueprint("quality", __name__, url_prefix="/quality")

readers = require_role(Role.QUALITY, Role.ADMIN)
writers = require_role(Role.QUALITY)
FILTERS = ("questionnaire", "granularity", "series", "group")


@bp.context_processor
def _helpers() -> dict:
    return {"percent": dashboard.percent, "period_name": dashboard.period_name,
            "chart_svg": run_chart_svg, "signal_sentences": dashboard.signal_sentences,
            "hidden_words": hidden_words}


# --- Choices ---------------------------------------------------------------------------


def _wards() -> list[Ward]:
    return list(Ward.select(Ward, Site).join(Site).order_by(Site.name, Ward.name))


def _ward_choices(wards: list[Ward]) -> list[SelectChoice]:
    return [SelectChoice(ward.id, ward.name, optgroup=ward.site.name) for ward in wards]


def _finished():
    return (Response.select(Questionnaire.code, fn.COUNT(Response.id)).join(Questionnaire)
            .where(Response.status == ResponseStatus.COMPLETE).group_by(Questionnaire.code))


def _choose_questionnaire(form, ward: Ward | None = None) -> Questionnaire | None:
    """Offer the questionnaires in use; by default the one most answered (on the ward)."""
    current = dashboard.questionnaires()
    language = get_locale().language
    form.questionnaire.choices = [SelectChoice(q.code, definition_of(q).title(language))
                                  for q in current]
    used = dict((_finished().where(Response.ward == ward) if ward else _finished()).tuples())
    usual = max(current, key=lambda q: used.get(q.code, 0), default=None)
    if usual is not None:
        form.questionnaire.default = usual.code
        if "questionnaire" not in request.args:
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
    wards = _wards()
    form = DashboardForm(request.args)
    form.ward.choices = _ward_choices(wards)
    chosen = next((w for w in wards if w.id == form.ward.data), None)
    questionnaire = _choose_questionnaire(form, chosen)
    form.series.choices = _series_choices(questionnaire)
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
        context.update(ward=ward, charts=charts, annotation_form=AnnotationForm(formdata=None),
                       annotations=dashboard.annotations_of(ward),
                       baseline_forms={c.indicator: _baseline_form(c, periods) for c in charts},
                       filters={name: form[name].data for name in FILTERS})
    return render("quality/dashboard.html", "quality/_charts.html", **context)


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


def _back_to_dashboard(ward_id: int):
    """Return to the dashboard with the filters the form carried (each is checked there)."""
    query = {key: request.form[key] for key in FILTERS if request.form.get(key)}
    return redirect(url_for("quality.dashboard_page", ward=ward_id, **query) + "#changes",
                    code=303)


def _ward_or_404(ward_id: int) -> Ward:
    return Ward.get_or_none(Ward.id == ward_id) or abort(404)


@bp.post("/wards/<int:ward_id>/annotations")
@writers
def add_annotation(ward_id: int):
    """Mark that a change started on the ward; it shows on the ward's charts."""
    ward = _ward_or_404(ward_id)
    form = AnnotationForm()
    if not form.validate():
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}")
        return _back_to_dashboard(ward.id)
    with db.atomic():
        annotation = Annotation.create(ward=ward, started_on=form.started_on.data,
                                       title=form.title.data.strip(),
                                       note=(form.note.data or "").strip() or None,
                                       created_by=g.user)
        audit.record("add_annotation", object_type="annotation", object_id=annotation.id,
                     role=Role.QUALITY.value, detail={"ward": ward.id, "title": annotation.title,
                                                      "started_on": str(annotation.started_on)})
    flash(_("The change is marked on the charts."))
    return _back_to_dashboard(ward.id)


@bp.post("/annotations/<int:annotation_id>/delete")
@writers
def delete_annotation(annotation_id: int):
    """Remove a change mark made by mistake (the audit trail keeps what it said)."""
    annotation = Annotation.get_or_none(Annotation.id == annotation_id) or abort(404)
    ward_id = annotation.ward_id
    with db.atomic():
        audit.record("delete_annotation", object_type="annotation", object_id=annotation.id,
                     role=Role.QUALITY.value, detail={"ward": ward_id, "title": annotation.title,
                                                      "started_on": str(annotation.started_on)})
        annotation.delete_instance()
    flash(_("The change mark is removed."))
    return _back_to_dashboard(ward_id)


def _is_period(value: str) -> bool:
    """Tell whether the text names a month (2026-03) or a quarter (2026-Q1)."""
    try:
        first = dashboard.period_bounds(value)[0]
    except (ValueError, IndexError):
        return False
    return value in (dashboard.period_of(first, "month"), dashboard.period_of(first, "quarter"))


def _is_indicator(code: str, indicator: str) -> bool:
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == code,
                                              Questionnaire.current == True)  # noqa: E712
    if questionnaire is None:
        return False
    definition = definition_of(questionnaire)
    return any(indicator in dashboard.indicator_names(definition, group)
               for group in dashboard.GROUPS)


@bp.post("/wards/<int:ward_id>/baselines")
@writers
def freeze_baseline(ward_id: int):
    """Freeze a chart's median on its points up to a period (replacing an earlier one)."""
    ward = _ward_or_404(ward_id)
    form = BaselineForm()
    period = request.form.get("frozen_through", "")
    form.frozen_through.choices = [SelectChoice(period, period)] if _is_period(period) else []
    if not form.validate() or not _is_indicator(form.questionnaire.data, form.indicator.data):
        abort(400)
    where = (ChartBaseline.ward == ward,
             ChartBaseline.questionnaire_code == form.questionnaire.data,
             ChartBaseline.indicator == form.indicator.data)
    with db.atomic():
        ChartBaseline.delete().where(*where).execute()
        baseline = ChartBaseline.create(ward=ward, questionnaire_code=form.questionnaire.data,
                                        indicator=form.indicator.data, frozen_through=period,
                                        created_by=g.user)
        audit.record("freeze_baseline", object_type="chart_baseline", object_id=baseline.id,
                     role=Role.QUALITY.value,
                     detail={"ward": ward.id, "questionnaire": baseline.questionnaire_code,
                             "indicator": baseline.indicator, "frozen_through": period})
    return _back_to_dashboard(ward.id)


@bp.post("/wards/<int:ward_id>/baselines/delete")
@writers
def unfreeze_baseline(ward_id: int):
    """Let the chart's median follow every point again."""
    ward = _ward_or_404(ward_id)
    code, indicator = request.form.get("questionnaire", ""), request.form.get("indicator", "")
    with db.atomic():
        removed = ChartBaseline.delete().where(ChartBaseline.ward == ward,
                                               ChartBaseline.questionnaire_code == code,
                                               ChartBaseline.indicator == indicator).execute()
        if removed:
            audit.record("unfreeze_baseline", object_type="ward", object_id=ward.id,
                         role=Role.QUALITY.value,
                         detail={"ward": ward.id, "questionnaire": code, "indicator": indicator})
    return _back_to_dashboard(ward.id)


# --- Comparison ------------------------------------------------------------------------


@bp.get("/comparison")
@readers
def comparison():
    """Show every ward side by side on each indicator for one period."""
    form = ComparisonForm(request.args)
    questionnaire = _choose_questionnaire(form)
    form.series.choices = _series_choices(questionnaire)
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
    questionnaire = _choose_questionnaire(form, chosen)
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
