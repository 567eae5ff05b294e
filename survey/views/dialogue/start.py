"""The ward screen, and starting or resuming a dialogue with a resident."""

from __future__ import annotations

from flask import abort, g, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from ... import responses
from ...auth import login_required
from ...forms.dialogue import (
    LANGUAGE_NAMES,
    StartDialogueForm,
)
from ...models import (
    AnsweredBy,
    Questionnaire,
    QuestionnaireKind,
    Resident,
    Response,
    ResponseStatus,
)
from ...prepared import Prepared
from ...questionnaire.store import definition_of
from ..rendering import render
from . import _response_or_404, _step_url, _ward_or_404, bp


@bp.get("/")
@login_required
def index():
    """Go to the user's ward, or let them choose when they work on several."""
    wards = g.user.wards()
    if len(wards) == 1:
        return redirect(url_for("dialogue.ward", ward_id=wards[0].id))
    return render("dialogue/wards.html", "dialogue/wards.html", wards=wards)


@bp.get("/wards/<int:ward_id>")
@login_required
def ward(ward_id: int):
    """Show the ward: unfinished dialogues to resume, and residents to start one with."""
    ward = _ward_or_404(ward_id)
    return render(
        "dialogue/ward.html", "dialogue/ward.html",
        ward=ward,
        residents=list(Resident.current_on(ward)),
        unfinished=list(Response.in_progress_on(ward)),
    )


def _start_form(current: list[Questionnaire]) -> StartDialogueForm:
    form = StartDialogueForm()
    locale = get_locale().language
    form.questionnaire.choices = [SelectChoice(q.id, definition_of(q).title(locale)) for q in current]
    if current and form.questionnaire.data is None:
        form.questionnaire.data = current[0].id
    languages = {lang for q in current for lang in definition_of(q).languages}
    form.language.choices = [
        SelectChoice(lang, LANGUAGE_NAMES.get(lang, lang)) for lang in sorted(languages)
    ]
    if form.language.data is None:
        form.language.data = locale if locale in languages else "da"
    return form


# Starting a dialogue is the next step after the last one on a busy ward: built once.
_RESIDENT_ON_WARD = Prepared(
    lambda resident_id, ward_id: Resident.select()
    .where(Resident.id == resident_id, Resident.ward == ward_id).limit(1)
)
_CURRENT_DIALOGUES = Prepared(
    lambda: Questionnaire.select()
    .where(Questionnaire.current == True, Questionnaire.kind == QuestionnaireKind.DIALOGUE)  # noqa: E712
    .order_by(Questionnaire.code)
)


@bp.route("/wards/<int:ward_id>/residents/<int:resident_id>/dialogues/new", methods=["GET", "POST"])
@login_required
def start(ward_id: int, resident_id: int):
    """Choose questionnaire, answerer and language; then start at the first question."""
    ward = _ward_or_404(ward_id)
    resident = _RESIDENT_ON_WARD.first(resident_id, ward.id) or abort(404)
    current = list(_CURRENT_DIALOGUES.rows())
    form = _start_form(current)
    if form.validate_on_submit():
        questionnaire = next(q for q in current if q.id == form.questionnaire.data)
        if form.language.data not in definition_of(questionnaire).languages:
            form.language.errors.append(_("This questionnaire is not written in that language."))
        else:
            response = responses.start(
                resident, questionnaire, g.user, AnsweredBy(form.answered_by.data), form.language.data
            )
            return redirect(_step_url(response, response.current_item), code=303)
    status = 422 if form.errors else 200
    return render("dialogue/start.html", "dialogue/start.html", status=status,
                  ward=ward, resident=resident, form=form)


@bp.get("/dialogues/<int:response_id>")
@login_required
def resume(response_id: int):
    """Go back to where an unfinished dialogue stopped."""
    response = _response_or_404(response_id)
    if response.status != ResponseStatus.IN_PROGRESS:
        return redirect(url_for("dialogue.ward", ward_id=response.ward_id))
    return redirect(_step_url(response, response.current_item))


