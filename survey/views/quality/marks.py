"""The quality team's marks on the run charts: changes started (annotations), frozen baselines.

Every form here works without JavaScript: a good post redirects back to the dashboard
with its filters (303); a bad one answers 4xx with the reason in words.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from ... import audit, dashboard
from ...db import db
from ...forms.quality import AnnotationForm, BaselineForm
from ...models import Annotation, ChartBaseline, Role, Ward
from ...questionnaire.store import definition_of
from ..rendering import render
from . import FILTERS, bp, writers
from .pages import dashboard_context


def _filters() -> MultiDict:
    """The dashboard filters the form carried (each is checked again by the dashboard)."""
    return MultiDict({key: request.form[key] for key in FILTERS if request.form.get(key)})


def _back_to_dashboard(ward_id: int):
    """Return to the dashboard with the filters the form carried."""
    return redirect(url_for("quality.dashboard_page", ward=ward_id, **_filters()) + "#changes",
                    code=303)


def _ward_or_404(ward_id: int) -> Ward:
    return Ward.get_or_none(Ward.id == ward_id) or abort(404)


def _refuse(message: str, status: int = 400):
    """Answer a post that cannot be carried out: the reason in words, never a stack trace."""
    return render_template("error.html", message=message), status


@bp.post("/wards/<int:ward_id>/annotations")
@writers
def add_annotation(ward_id: int):
    """Mark that a change started on the ward; it shows on the ward's charts."""
    ward = _ward_or_404(ward_id)
    form = AnnotationForm()
    if not form.validate():
        # The dashboard again, the form with its errors beside the fields (422).
        args = _filters()
        args["ward"] = str(ward.id)
        return render("quality/dashboard.html", "quality/_dashboard.html", status=422,
                      **dashboard_context(args, annotation_form=form))
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
    """Tell whether the indicator is one of a chart's of a questionnaire in use."""
    # Compared in Python: the text came from a form, and may hold anything (even a NUL).
    questionnaire = next((q for q in dashboard.questionnaires() if q.code == code), None)
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
    if not _is_period(period):
        return _refuse(_("Choose the last month or quarter of the baseline from the list."))
    form.frozen_through.choices = [SelectChoice(period, period)]
    if not form.validate() or not _is_indicator(form.questionnaire.data, form.indicator.data):
        return _refuse(_("This chart cannot be found. Open the run charts again and retry."))
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
    flash(_("The median is frozen."))
    return _back_to_dashboard(ward.id)


@bp.post("/wards/<int:ward_id>/baselines/delete")
@writers
def unfreeze_baseline(ward_id: int):
    """Let the chart's median follow every point again."""
    ward = _ward_or_404(ward_id)
    code, indicator = request.form.get("questionnaire", ""), request.form.get("indicator", "")
    if not _is_indicator(code, indicator):
        return _refuse(_("This chart cannot be found. Open the run charts again and retry."))
    with db.atomic():
        removed = ChartBaseline.delete().where(ChartBaseline.ward == ward,
                                               ChartBaseline.questionnaire_code == code,
                                               ChartBaseline.indicator == indicator).execute()
        if removed:
            audit.record("unfreeze_baseline", object_type="ward", object_id=ward.id,
                         role=Role.QUALITY.value,
                         detail={"ward": ward.id, "questionnaire": code, "indicator": indicator})
    if removed:
        flash(_("The median follows every point again."))
    return _back_to_dashboard(ward.id)
