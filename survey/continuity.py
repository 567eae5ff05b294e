"""Continuity between dialogues: agreed actions, their follow-up, and last time's answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .db import db
from .models import (
    ActionStatus,
    AgreedAction,
    Answer,
    Questionnaire,
    Resident,
    Response,
    ResponseStatus,
    utcnow,
)
from .prepared import Prepared
from .questionnaire.store import definition_by_id

#: At most this many new agreed actions per dialogue: few, and kept.
MAX_NEW_ACTIONS = 2


def open_actions(resident: Resident, before: Response | None = None) -> list[AgreedAction]:
    """Agreed actions not yet followed up, agreed before the given dialogue."""
    query = AgreedAction.select().where(
        AgreedAction.resident == resident, AgreedAction.status == ActionStatus.OPEN
    )
    if before is not None:
        query = query.where(AgreedAction.response != before)
    return list(query.order_by(AgreedAction.created_at))


def actions_followed_up_in(response: Response) -> list[AgreedAction]:
    return list(AgreedAction.select().where(AgreedAction.followed_up_in == response)
                .order_by(AgreedAction.created_at))


def actions_agreed_in(response: Response) -> list[AgreedAction]:
    return list(AgreedAction.select().where(AgreedAction.response == response)
                .order_by(AgreedAction.created_at))


def record_follow_up(response: Response, statuses: dict[int, ActionStatus]) -> int:
    """Record how each of last time's actions went; return how many were recorded."""
    now = utcnow()
    recorded = 0
    with db.atomic():
        for action_id, status in statuses.items():
            recorded += (
                AgreedAction.update(status=status, followed_up_in=response, followed_up_at=now)
                .where(AgreedAction.id == action_id, AgreedAction.resident == response.resident,
                       (AgreedAction.status == ActionStatus.OPEN)
                       | (AgreedAction.followed_up_in == response))
                .execute()
            )
    return recorded


class TooManyActions(Exception):
    """A dialogue agrees on at most MAX_NEW_ACTIONS actions."""


def add_action(response: Response, what: str, who: str | None, due_on: dt.date | None,
               how_we_know: str | None) -> AgreedAction:
    """Agree on a new action in this dialogue."""
    with db.atomic():
        if AgreedAction.select().where(AgreedAction.response == response).count() >= MAX_NEW_ACTIONS:
            raise TooManyActions()
        return AgreedAction.create(response=response, resident=response.resident_id, what=what,
                                   who=who or None, due_on=due_on, how_we_know=how_we_know or None)


def remove_action(response: Response, action_id: int) -> None:
    """Take back an action agreed in this dialogue (before it is finished)."""
    AgreedAction.delete().where(AgreedAction.id == action_id,
                                AgreedAction.response == response).execute()


@dataclass(frozen=True)
class Earlier:
    """A previous answer to the same question: what it was and when."""

    answer: Answer
    when: dt.datetime


def previous_answer(response: Response, item_code: str) -> Earlier | None:
    """The resident's answer to this item in their last finished dialogue of this kind."""
    if response.resident_id is None:
        return None
    row = _PREVIOUS_ANSWER.first(
        response.resident_id, response.id, Response.started_at.db_value(response.started_at),
        definition_by_id(response.questionnaire_id).code, item_code,
    )
    if row is None:
        return None
    when = row.pop("started_at")
    return Earlier(Answer(**row), Response.started_at.python_value(when))


# Asked on every question's screen: its SQL is built once (see prepared.py), and its row
# comes as a dict (model objects for a join cost more than the query).
_PREVIOUS_ANSWER = Prepared(
    lambda resident_id, response_id, started_at, questionnaire_code, item_code:
    Answer.select(Answer.item_code, Answer.value_code, Answer.value_number, Answer.value_text,
                  Response.started_at)
    .join(Response)
    .join(Questionnaire)
    .where(Response.resident == resident_id, Response.id != response_id,
           Response.status == ResponseStatus.COMPLETE,
           Response.started_at < started_at,
           Questionnaire.code == questionnaire_code,
           Answer.item_code == item_code)
    .order_by(Response.started_at.desc())
    .limit(1)
    .dicts()
)
