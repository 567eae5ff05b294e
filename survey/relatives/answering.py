"""A relative answering on their phone: find the letter, start, save, send.

The staff pulse is answered the same way through a ward poster (see ANSWERER_OF).

The writes are the dialogue's own (survey.responses: idempotent saves, stale-answer
checks, conditions); this module adds what anonymity asks of a relative's response:

- it points at a ward and a wave, never at a resident, a member of staff, an address
  or a device;
- every stored time is cut to the day (midnight), in the same transaction as the write,
  so an answer cannot be matched to server logs or to the order letters were handed out;
- on sending, its link to the numbered letter is dropped: the letter only records that
  it was answered (and on which day), the response only which wave and ward it belongs
  to. While it is unfinished the link is what lets the same letter resume.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import models, responses
from ..db import db, locked
from ..models import (
    Answer,
    AnsweredBy,
    Invitation,
    InvitationWave,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    Ward,
)
from ..questionnaire.store import definition_of
from . import tokens


def find(token: str) -> Invitation | None:
    """The letter or poster a token opens, with its wave and ward; None if there is none."""
    if not tokens.well_formed(token):
        return None
    return (Invitation.select(Invitation, InvitationWave, Ward)
            .join(InvitationWave).switch(Invitation).join(Ward)
            .where(Invitation.token_hash == tokens.hash_of(token)).first())


def questionnaire_of(wave: InvitationWave) -> Questionnaire | None:
    """The version of the wave's questionnaire that new answers use."""
    return Questionnaire.get_or_none(Questionnaire.code == wave.questionnaire_code,
                                     Questionnaire.current == True)  # noqa: E712


def _midnight() -> dt.datetime:
    return dt.datetime.combine(models.utcnow().date(), dt.time())


def note_opened(invitation: Invitation) -> None:
    """Record the day a letter was first opened (the day only)."""
    if invitation.first_opened_on is None:
        Invitation.update(first_opened_on=models.utcnow().date()).where(
            Invitation.id == invitation.id, Invitation.first_opened_on.is_null()).execute()


def in_progress(invitation: Invitation, response_id: int | None = None) -> Response | None:
    """The unfinished response of a letter; for a poster, the one this phone started."""
    query = Response.select().where(Response.invitation == invitation,
                                    Response.status == ResponseStatus.IN_PROGRESS)
    if invitation.open_link:
        if response_id is None:
            return None
        query = query.where(Response.id == response_id)
    return query.first()


#: Who answers each kind of questionnaire given out through letters and posters.
ANSWERER_OF = {
    QuestionnaireKind.RELATIVES: AnsweredBy.RELATIVE,
    QuestionnaireKind.STAFF: AnsweredBy.STAFF,
}


def start(invitation: Invitation, questionnaire: Questionnaire, language: str) -> Response:
    """Start the response in the chosen language (a letter's only one).

    The response takes the questionnaire's kind (relatives, or the staff pulse through a
    ward poster) and links to nobody, whoever answers.
    """
    definition = definition_of(questionnaire)
    day = _midnight()
    with db.atomic():
        # Two taps on a language at once must not give a letter two responses.
        locked(Invitation.select().where(Invitation.id == invitation.id)).get()
        if not invitation.open_link:
            existing = in_progress(invitation)
            if existing is not None:
                return existing
        return Response.create(
            questionnaire=questionnaire, ward=invitation.ward_id,
            kind=questionnaire.kind, language=language,
            answered_by=ANSWERER_OF[questionnaire.kind], resident=None, staff=None,
            invitation=invitation, wave=invitation.wave_id, open_link=invitation.open_link,
            current_item=responses.applicable_items(definition, {})[0]["code"],
            started_at=day, updated_at=day,
        )


def _coarsen(response_id: int) -> None:
    """Cut the response's and its answers' stored times to the day."""
    day = _midnight()
    Response.update(started_at=day, updated_at=day).where(Response.id == response_id).execute()
    Response.update(finished_at=day).where(
        Response.id == response_id, Response.finished_at.is_null(False)).execute()
    Answer.update(answered_at=day).where(Answer.response == response_id).execute()


def save(response: Response, item_code: str, columns: dict[str, Any] | None,
         request_id: str | None, base_revision: int | None) -> str | None:
    """Save (or clear) one answer; return the next item's code (None: ready to send)."""
    with db.atomic():
        next_code = responses.save_answer(response.id, item_code, columns, None, request_id,
                                          base_revision)
        _coarsen(response.id)
    return next_code


def skip(response: Response, item_code: str) -> str | None:
    """Move past a question without answering it; return the next item's code."""
    with db.atomic():
        next_code = responses.skip(response.id, item_code)
        _coarsen(response.id)
    return next_code


def send(response: Response) -> None:
    """Submit: the response is complete, the letter answered, and the two no longer linked.

    Raises responses.DialogueClosed if it was sent already.
    """
    with db.atomic():
        responses.finish(response.id)
        Response.update(invitation=None).where(Response.id == response.id).execute()
        _coarsen(response.id)
        invitation = Invitation.get_by_id(response.invitation_id)
        if not invitation.open_link:
            Invitation.update(submitted_on=models.utcnow().date()).where(
                Invitation.id == invitation.id).execute()
