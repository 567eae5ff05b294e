"""The quality team's download page: every export format, streamed to the browser.

The page checks the same rights as ``survey export`` (survey.export.run) and every
download is recorded in the audit trail with its filter and row count.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, stream_with_context
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..auth import require_role
from ..dashboard import questionnaires
from ..export.filters import ExportFilter, FilterError
from ..export.run import ExportRefused, built_file, check_rights, filename, prepare, stream_text
from ..forms.exports import ExportForm
from ..models import Role, Site, Ward
from ..questionnaire.store import definition_of
from .rendering import render

bp = Blueprint("exports", __name__, url_prefix="/quality/exports")

exporters = require_role(Role.QUALITY)


def _form() -> ExportForm:
    form = ExportForm()
    language = get_locale().language
    form.questionnaire.choices = [SelectChoice(q.code, definition_of(q).title(language))
                                  for q in questionnaires()]
    wards = Ward.select(Ward, Site).join(Site).order_by(Site.name, Ward.name)
    form.wards.choices = [SelectChoice(ward.id, ward.full_name) for ward in wards]
    return form


def _page(form: ExportForm, status: int = 200, problem: str | None = None):
    return render("exports/index.html", "exports/_form.html", status=status, form=form,
                  problem=problem, may_read_free_text=g.user.can_read_free_text)


@bp.get("/")
@exporters
def index():
    """Show the export form."""
    return _page(_form())


@bp.post("/")
@exporters
def download():
    """Check the form and the rights, then send the export as a file."""
    form = _form()
    if not form.validate():
        return _page(form, 400)
    export_filter = ExportFilter(
        questionnaire=form.questionnaire.data,
        wards=tuple(form.wards.data) or None,
        period_from=form.period_from.data,
        period_to=form.period_to.data,
        include_free_text=form.include_free_text.data,
        granularity=form.granularity.data,
    )
    try:
        check_rights(g.user, export_filter)
    except ExportRefused:
        form.include_free_text.errors = [
            _("You have not been granted reading free text. Ask an administrator, or untick it.")]
        return _page(form, 403)
    try:
        fmt = prepare(form.export_format.data, export_filter, g.user)
        if fmt.text is not None:
            body = stream_text(fmt, export_filter, g.user, "page")
        else:
            body = built_file(fmt, export_filter, g.user, "page")
    except FilterError:
        return _page(form, 400, _("This export cannot be made with these choices."))
    mimetype = fmt.mimetype + ("; charset=utf-8" if fmt.text is not None else "")
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(fmt, export_filter)}"'
    response.headers["Cache-Control"] = "no-store"
    return response
