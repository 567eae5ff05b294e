"""The end of a dialogue: last time's follow-up, agreed actions, summary, stop, finish."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from ... import continuity, responses
from ...auth import lock_tablet, login_required
from ...forms.dialogue import (
    AgreedActionForm,
    follow_up_form,
)
from ...models import ActionStatus
from ..rendering import render
from . import _response_or_404, _step_url, bp
from .screens import (
    _follow_up_actions,
    _go_to,
    _open_response_or_summary,
    _render_actions,
    _render_follow_up,
    _render_summary,
)


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


