"""The dialogue on the ward tablet: ward screen, start, one item per screen, summary."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from .. import continuity, responses
from ..auth import lock_tablet, login_required, require_staff_on
from ..forms.dialogue import (
    ANSWERERS,
    FOLLOW_UP_CHOICES,
    LANGUAGE_NAMES,
    AgreedActionForm,
    StartDialogueForm,
    answer_form,
    follow_up_form,
)
from ..models import (
    ActionStatus,
    Answer,
    AnsweredBy,
    Questionnaire,
    QuestionnaireKind,
    Resident,
    Response,
    ResponseStatus,
    Ward,
)
from ..questionnaire.items import item_type
from ..questionnaire.store import definition_by_id, definition_of
from .rendering import render

bp = Blueprint("dialogue", __name__)


def _ward_or_404(ward_id: int) -> Ward:
    ward = Ward.get_or_none(Ward.id == ward_id) or abort(404)
    require_staff_on(ward)
    return ward


def _response_or_404(response_id: int) -> Response:
    # The ward comes in the same query: every view checks it.
    response = (
        Response.select(Response, Ward).join(Ward)
        .where(Response.id == response_id, Response.kind == QuestionnaireKind.DIALOGUE)
        .first()
    ) or abort(404)
    require_staff_on(response.ward)
    return response


def _step_url(response: Response, item_code: str | None) -> str:
    if item_code is None:
        return url_for("dialogue.summary", response_id=response.id)
    if item_code == responses.FOLLOW_UP:
        return url_for("dialogue.follow_up", response_id=response.id)
    if item_code == responses.ACTIONS:
        return url_for("dialogue.actions", response_id=response.id)
    return url_for("dialogue.item", response_id=response.id, item_code=item_code)


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


def _start_form(ward: Ward) -> StartDialogueForm:
    form = StartDialogueForm()
    current = list(
        Questionnaire.select()
        .where(Questionnaire.current == True, Questionnaire.kind == QuestionnaireKind.DIALOGUE)  # noqa: E712
        .order_by(Questionnaire.code)
    )
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


@bp.route("/wards/<int:ward_id>/residents/<int:resident_id>/dialogues/new", methods=["GET", "POST"])
@login_required
def start(ward_id: int, resident_id: int):
    """Choose questionnaire, answerer and language; then start at the first question."""
    ward = _ward_or_404(ward_id)
    resident = Resident.get_or_none(Resident.id == resident_id, Resident.ward == ward) or abort(404)
    form = _start_form(ward)
    if form.validate_on_submit():
        questionnaire = Questionnaire.get_by_id(form.questionnaire.data)
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


def _render_item(response: Response, item_code: str, form=None, status: int = 200, message=None,
                 answers: dict[str, Answer] | None = None):
    definition = definition_by_id(response.questionnaire_id)
    if answers is None:
        answers = responses.answers_of(response)
    step = responses.step_of(definition, answers, item_code, response.module)
    if step is None:
        return redirect(_step_url(response, response.current_item))
    answer = answers.get(item_code)
    if form is None:
        form = answer_form(step.item, definition, response.language, answer, response.answered_by)
    kind = item_type(step.item)
    earlier = continuity.previous_answer(response, item_code)
    return render(
        "dialogue/item.html", "dialogue/_item.html", status=status,
        response=response, definition=definition, step=step, form=form, kind=kind,
        choices=kind.choices(step.item, definition, response.language),
        answer=answer, message=message, earlier=earlier,
        earlier_label=earlier and kind.label(earlier.answer, step.item, definition,
                                             response.language),
    )


@bp.get("/dialogues/<int:response_id>/items/<item_code>")
@login_required
def item(response_id: int, item_code: str):
    """Show one question with its answer options (and the saved answer, if any)."""
    response = _response_or_404(response_id)
    if response.status != ResponseStatus.IN_PROGRESS:
        return redirect(url_for("dialogue.summary", response_id=response.id))
    return _render_item(response, item_code)


def _go_to(response: Response, item_code: str | None, answers: dict[str, Answer] | None = None):
    """Move on: the next screen for htmx (with its URL pushed), a redirect otherwise.

    ``answers``, when given, are the response's answers as they stand (not read again).
    """
    url = _step_url(response, item_code)
    if not request.htmx:
        return redirect(url, code=303)
    if item_code == responses.FOLLOW_UP:
        view = _render_follow_up(response)
    elif item_code == responses.ACTIONS:
        view = _render_actions(response)
    elif item_code is None:
        view = _render_summary(response)
    else:
        view = _render_item(response, item_code, answers=answers)
    view.headers["HX-Push-Url"] = url
    return view


@bp.post("/dialogues/<int:response_id>/items/<item_code>")
@login_required
def answer(response_id: int, item_code: str):
    """Save one answer (or skip the question) and show the next question.

    The answers are read once, in the saving transaction, and the next question is
    shown from them: a save costs a handful of queries, not three reads of the answers.
    """
    response = _response_or_404(response_id)
    definition = definition_by_id(response.questionnaire_id)
    item_def = definition.item(item_code) or abort(404)
    skipping = request.form.get("action") == "skip"
    form = None
    if not skipping:
        form = answer_form(item_def, definition, response.language, None,
                           response.answered_by, formdata=request.form)
        if not form.is_empty() and not form.validate():
            if responses.step_of(definition, responses.answers_of(response), item_code,
                                 response.module) is None:
                return _go_to(response, response.current_item)
            return _render_item(response, item_code, form=form, status=422)
    try:
        if skipping:
            moved = responses.skip_item(response.id, item_code, only_if_asked=True)
        else:
            columns = None if form.is_empty() else item_type(item_def).to_columns(form.value.data)
            answered_by = AnsweredBy(form.answered_by.data) if form.answered_by.data else None
            moved = responses.record_answer(
                response.id, item_code, columns, answered_by,
                form.request_id.data or None, form.base_revision(), only_if_asked=True,
            )
    except responses.NotAsked:  # an earlier answer changed and this question no longer applies
        return _go_to(response, response.current_item)
    except responses.DialogueClosed:
        flash(_("This dialogue is already finished."))
        return redirect(url_for("dialogue.summary", response_id=response.id), code=303)
    except responses.StaleAnswer:
        return _render_item(
            response, item_code, status=409,
            message=_("This answer was changed on another screen. Here is the saved answer."),
        )
    return _go_to(moved.response, moved.next_code, answers=moved.answers)


def refused_save(response_id: int, item_code: str):
    """Show the question again with the tapped answer kept, when a save was refused."""
    response = _response_or_404(response_id)
    definition = definition_by_id(response.questionnaire_id)
    item_def = definition.item(item_code) or abort(404)
    form = answer_form(item_def, definition, response.language, None, response.answered_by,
                       formdata=request.form)
    return _render_item(response, item_code, form=form, status=400,
                        message=_("Your answer was not saved. Please tap it again."))


def _summary_rows(response: Response):
    definition = definition_by_id(response.questionnaire_id)
    answers = responses.answers_of(response)
    for item_def in responses.applicable_items(definition, answers, response.module):
        saved: Answer | None = answers.get(item_def["code"])
        label = (
            item_type(item_def).label(saved, item_def, definition, response.language) if saved else None
        )
        yield item_def, definition.text(item_def["text"], response.language), label


def _render_summary(response: Response):
    return render(
        "dialogue/summary.html", "dialogue/_summary.html",
        response=response, definition=definition_by_id(response.questionnaire_id),
        rows=list(_summary_rows(response)),
        followed_up=continuity.actions_followed_up_in(response),
        agreed=continuity.actions_agreed_in(response),
    )


def _open_response_or_summary(response_id: int) -> Response:
    response = _response_or_404(response_id)
    if response.status != ResponseStatus.IN_PROGRESS:
        abort(redirect(url_for("dialogue.summary", response_id=response.id)))
    return response


def _follow_up_actions(response: Response) -> list:
    return continuity.actions_followed_up_in(response) + continuity.open_actions(
        response.resident, before=response)


def _render_follow_up(response: Response, form=None, status: int = 200):
    actions = _follow_up_actions(response)
    if form is None:
        form = follow_up_form(actions)
        for action, field in form.rows:
            if action.followed_up_in_id == response.id:
                field.data = action.status.value
    return render("dialogue/follow_up.html", "dialogue/_follow_up.html", status=status,
                  response=response, form=form)


@bp.get("/dialogues/<int:response_id>/follow-up")
@login_required
def follow_up(response_id: int):
    """Show what was agreed last time, and ask how each agreement went."""
    return _render_follow_up(_open_response_or_summary(response_id))


@bp.post("/dialogues/<int:response_id>/follow-up")
@login_required
def save_follow_up(response_id: int):
    """Record how last time's agreements went, then go on to the first question."""
    response = _open_response_or_summary(response_id)
    form = follow_up_form(_follow_up_actions(response), formdata=request.form)
    if not form.validate():
        return _render_follow_up(response, form=form, status=422)
    statuses = {action.id: ActionStatus(field.data) for action, field in form.rows if field.data}
    continuity.record_follow_up(response, statuses)
    first = responses.first_item(response)
    responses.move_to(response.id, first)
    return _go_to(response, first)


def _render_actions(response: Response, form=None, status: int = 200):
    agreed = continuity.actions_agreed_in(response)
    return render(
        "dialogue/actions.html", "dialogue/_actions.html", status=status,
        response=response, agreed=agreed, form=form or AgreedActionForm(formdata=None),
        can_add=len(agreed) < continuity.MAX_NEW_ACTIONS,
    )


@bp.get("/dialogues/<int:response_id>/actions")
@login_required
def actions(response_id: int):
    """Agree on what happens next (none, one or two actions)."""
    return _render_actions(_open_response_or_summary(response_id))


@bp.post("/dialogues/<int:response_id>/actions")
@login_required
def add_action(response_id: int):
    """Save one agreed action and show the list again."""
    response = _open_response_or_summary(response_id)
    form = AgreedActionForm()
    if not form.validate():
        return _render_actions(response, form=form, status=422)
    try:
        continuity.add_action(response, form.what.data.strip(), form.who.data, form.due_on.data,
                              form.how_we_know.data)
    except continuity.TooManyActions:
        return _render_actions(response, status=409)
    return _go_to(response, responses.ACTIONS)


@bp.post("/dialogues/<int:response_id>/actions/<int:action_id>/delete")
@login_required
def remove_action(response_id: int, action_id: int):
    """Take back an action agreed in this dialogue."""
    response = _open_response_or_summary(response_id)
    continuity.remove_action(response, action_id)
    return _go_to(response, responses.ACTIONS)


@bp.post("/dialogues/<int:response_id>/actions/done")
@login_required
def actions_done(response_id: int):
    """Go on from the agreed actions to reading the answers back."""
    response = _open_response_or_summary(response_id)
    responses.move_to(response.id, None)
    return _go_to(response, None)


@bp.get("/dialogues/<int:response_id>/summary")
@login_required
def summary(response_id: int):
    """Read the answers back to the resident before finishing."""
    return _render_summary(_response_or_404(response_id))


@bp.get("/dialogues/<int:response_id>/stop")
@login_required
def stop(response_id: int):
    """Offer a break (resume later) or ending the dialogue now."""
    response = _response_or_404(response_id)
    return render("dialogue/stop.html", "dialogue/stop.html", response=response,
                  back_url=_step_url(response, response.current_item))


@bp.post("/dialogues/<int:response_id>/finish")
@login_required
def finish(response_id: int):
    """Finish the dialogue and go back to the ward screen for the next person."""
    response = _response_or_404(response_id)
    try:
        responses.finish(response.id)
        flash(_("The dialogue is saved. Thank you."))
    except responses.DialogueClosed:
        flash(_("This dialogue is already finished."))
    lock_tablet()  # the next person must not see this resident's dialogue
    return redirect(url_for("dialogue.ward", ward_id=response.ward_id), code=303)


@bp.app_template_global()
def answerer_label(answered_by) -> str:
    """Who answered, in the interface language."""
    labels = {choice.value: choice.label for choice in ANSWERERS}
    return str(labels.get(getattr(answered_by, "value", answered_by), ""))


@bp.app_template_global()
def action_status_label(status: ActionStatus) -> str:
    """How a followed-up agreement went, in the interface language."""
    labels = {choice.value: choice.label for choice in FOLLOW_UP_CHOICES}
    return str(labels.get(status.value, _("Not followed up yet")))
