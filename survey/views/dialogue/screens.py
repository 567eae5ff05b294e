"""How each step of the dialogue is shown: a fragment for htmx, a whole page otherwise."""

from __future__ import annotations

from flask import abort, redirect, request, url_for

from ... import continuity, responses
from ...forms.dialogue import (
    AgreedActionForm,
    follow_up_form,
)
from ...models import (
    Answer,
    Response,
    ResponseStatus,
)
from ...questionnaire.items import item_type
from ...questionnaire.store import definition_by_id
from ..question_parts import question
from ..rendering import render
from . import _response_or_404, _step_url


def _render_item(response: Response, item_code: str, form=None, status: int = 200, message=None,
                 answers: dict[str, Answer] | None = None):
    definition = definition_by_id(response.questionnaire_id)
    shown = question(response, definition, item_code, form, answers)
    if shown is None:
        return redirect(_step_url(response, response.current_item))
    earlier = continuity.previous_answer(response, item_code)
    return render(
        "dialogue/item.html", "dialogue/_item.html", status=status,
        response=response, definition=definition, step=shown.step, form=shown.form,
        kind=shown.kind, answer=shown.answer, message=message, earlier=earlier,
        earlier_label=earlier and shown.kind.label(earlier.answer, shown.step.item, definition,
                                                   response.language),
    )




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



def _render_actions(response: Response, form=None, status: int = 200):
    agreed = continuity.actions_agreed_in(response)
    return render(
        "dialogue/actions.html", "dialogue/_actions.html", status=status,
        response=response, agreed=agreed, form=form or AgreedActionForm(formdata=None),
        can_add=len(agreed) < continuity.MAX_NEW_ACTIONS,
    )


