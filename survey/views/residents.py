"""A resident's history for the staff on their ward: dialogues, agreements, follow-up."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from peewee import JOIN

from .. import audit
from ..auth import require_role, require_ward
from ..models import AgreedAction, Questionnaire, Resident, Response, Role, User
from ..questionnaire.store import definition_of

bp = Blueprint("residents", __name__)


@bp.get("/residents/<int:resident_id>/history")
@require_role(Role.STAFF)  # agreements are free text: not for other roles on the ward
def history(resident_id: int):
    """Show the resident's dialogues over time and what became of each agreement."""
    resident = Resident.get_or_none(Resident.id == resident_id) or abort(404)
    require_ward(resident.ward)
    dialogues = list(
        Response.select(Response, Questionnaire, User)
        .join(Questionnaire)
        .switch(Response)
        .join(User, on=(Response.staff == User.id), join_type=JOIN.LEFT_OUTER)
        .where(Response.resident == resident)
        .order_by(Response.started_at.desc())
    )
    actions = list(
        AgreedAction.select().where(AgreedAction.resident == resident)
        .order_by(AgreedAction.created_at.desc())
    )
    audit.record("view_resident_history", object_type="resident", object_id=resident.id,
                 resident_id=resident.id, role="staff")
    titles = {d.questionnaire_id: definition_of(d.questionnaire).title("da") for d in dialogues}
    response = render_template("residents/history.html", resident=resident, dialogues=dialogues,
                               actions=actions, titles=titles)
    return response, 200, {"Cache-Control": "no-store"}
