"""One item per screen: show it, save the answer, re-show it when a save is refused."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from ... import responses
from ...auth import login_required
from ...forms.dialogue import answer_form
from ...models import (
    AnsweredBy,
    ResponseStatus,
)
from ...questionnaire.items import item_type
from ...questionnaire.store import definition_by_id
from . import _response_or_404, bp
from .screens import (
    _go_to,
    _render_item,
)


@bp.get("/dialogues/<int:response_id>/items/<item_code>")
@login_required
def item(response_id: int, item_code: str):
    """Show one question with its answer options (and the saved answer, if any)."""
    response = _response_or_404(response_id)
    if response.status != ResponseStatus.IN_PROGRESS:
        return redirect(url_for("dialogue.summary", response_id=response.id))
    return _render_item(response, item_code)



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


