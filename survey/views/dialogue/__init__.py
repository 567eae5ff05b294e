"""The dialogue on the ward tablet: ward screen, start, one item per screen, summary.

start: the ward screen and starting or resuming; questions: one item per screen and its
save; closing: follow-up, agreed actions, summary, finish; screens: how each step is shown
(htmx fragment or whole page), shared by the others.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, url_for
from flask_babel import gettext as _

from ... import responses
from ...auth import note_tablet_ward, require_staff, works_on
from ...forms.dialogue import ANSWERERS, FOLLOW_UP_CHOICES
from ...models import ActionStatus, QuestionnaireKind, Response, Ward
from ...prepared import Prepared

bp = Blueprint("dialogue", __name__)


def _ward_or_404(ward_id: int) -> Ward:
    """The ward, for staff who work on it (else 403 or 404); it becomes the tablet's ward,
    whose staff its lock screen lists. Whether the user works on it comes in the query."""
    require_staff()
    ward = _WARD_OF_USER.first(ward_id, g.user.id) or abort(404)
    note_tablet_ward(ward)
    return ward


_WARD_OF_USER = Prepared(
    lambda ward_id, user_id: Ward.select().where(Ward.id == ward_id, works_on(user_id, Ward.id))
    .limit(1)
)


def _response_or_404(response_id: int) -> Response:
    # The ward, and whether the user works on it, come in the same query: every view
    # checks them, and a save should cost as few round trips as it can.
    require_staff()
    response = _DIALOGUE_ON_USERS_WARD.first(response_id, g.user.id) or abort(404)
    note_tablet_ward(response.ward)
    return response


_DIALOGUE_ON_USERS_WARD = Prepared(
    lambda response_id, user_id: Response.select(Response, Ward).join(Ward)
    .where(Response.id == response_id, Response.kind == QuestionnaireKind.DIALOGUE,
           works_on(user_id, Response.ward))
    .limit(1)
)


def _step_url(response: Response, item_code: str | None) -> str:
    if item_code is None:
        return url_for("dialogue.summary", response_id=response.id)
    if item_code == responses.FOLLOW_UP:
        return url_for("dialogue.follow_up", response_id=response.id)
    if item_code == responses.ACTIONS:
        return url_for("dialogue.actions", response_id=response.id)
    return url_for("dialogue.item", response_id=response.id, item_code=item_code)


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


# The views register themselves on ``bp``.
from . import closing, questions, start  # noqa: E402, F401
from .questions import refused_save  # noqa: E402, F401
