"""Dialogues as the tablet moves through them: start, save, skip, resume, finish.

Every write runs in one transaction, so a response is never half-written, and a save
that arrives twice (a double tap, a retried request) changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import continuity, rotation
from .db import db, locked
from .models import (
    Answer,
    AnsweredBy,
    Questionnaire,
    QuestionnaireKind,
    Resident,
    Response,
    ResponseStatus,
    User,
    utcnow,
)
from .questionnaire import conditions
from .questionnaire.definition import Definition, Item
from .questionnaire.items import item_type
from .questionnaire.store import definition_of

#: Steps of a dialogue that are not items: last time's agreed actions, and new ones.
FOLLOW_UP = "_follow_up"
ACTIONS = "_actions"


class DialogueClosed(Exception):
    """The response is finished: it takes no more answers."""


class StaleAnswer(Exception):
    """The answer was changed since the form was shown; the newer value is kept."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(f"answer {current.item_code} is at revision {current.revision}")


@dataclass(frozen=True)
class Step:
    """Where an item stands in the dialogue: the items before and after it."""

    item: Item
    number: int
    total: int
    previous_code: str | None
    next_code: str | None


def answers_of(response: Response) -> dict[str, Answer]:
    """Return the response's answers by item code."""
    return {answer.item_code: answer for answer in Answer.select().where(Answer.response == response)}


def applicable_items(
    definition: Definition, answers: dict[str, Answer], module_code: str | None = None
) -> list[Item]:
    """Return the items to ask, in order, given the answers: hidden items are left out.

    An answer to a hidden item does not count towards later conditions.
    """
    codes: dict[str, frozenset[int]] = {}
    shown = []
    for item in definition.items_asked(module_code):
        condition = item.get("show_if")
        if condition and not conditions.holds(condition, codes):
            continue
        shown.append(item)
        answer = answers.get(item["code"])
        if answer is not None:
            codes[item["code"]] = item_type(item).codes(answer)
    return shown


def step_of(
    definition: Definition, answers: dict[str, Answer], item_code: str,
    module_code: str | None = None,
) -> Step | None:
    """Return the item's place among the applicable items, or None if it is not asked."""
    items = applicable_items(definition, answers, module_code)
    codes = [item["code"] for item in items]
    if item_code not in codes:
        return None
    index = codes.index(item_code)
    return Step(
        item=items[index],
        number=index + 1,
        total=len(items),
        previous_code=codes[index - 1] if index > 0 else None,
        next_code=codes[index + 1] if index + 1 < len(codes) else None,
    )


def start(
    resident: Resident,
    questionnaire: Questionnaire,
    staff: User,
    answered_by: AnsweredBy,
    language: str,
) -> Response:
    """Start a dialogue with a resident: last time's agreed actions first, if any.

    The rotating module is chosen now, from the ward's history, and kept with the response.
    """
    definition = definition_of(questionnaire)
    with db.atomic():
        module = rotation.choose_module(definition, resident.ward, utcnow())
        first = applicable_items(definition, {}, module)[0]["code"]
        has_follow_up = bool(continuity.open_actions(resident))
        return Response.create(
            questionnaire=questionnaire,
            ward=resident.ward_id,
            kind=questionnaire.kind,
            language=language,
            answered_by=answered_by,
            resident=resident,
            staff=staff,
            module=module,
            current_item=FOLLOW_UP if has_follow_up else first,
        )


def first_item(response: Response) -> str:
    """The code of the first question the response asks."""
    definition = definition_of(response.questionnaire)
    return applicable_items(definition, answers_of(response), response.module)[0]["code"]


def after_items(response: Response) -> str | None:
    """The step after the last question: agreed actions in a dialogue, else the summary."""
    return ACTIONS if response.kind == QuestionnaireKind.DIALOGUE else None


def _lock_open(response_id: int) -> Response:
    response = locked(Response.select().where(Response.id == response_id)).get()
    if response.status != ResponseStatus.IN_PROGRESS:
        raise DialogueClosed()
    return response


def _move_on(response: Response, definition: Definition, item_code: str) -> str | None:
    """Drop answers to items that no longer apply; set and return the next item."""
    answers = answers_of(response)
    asked = {item["code"] for item in applicable_items(definition, answers, response.module)}
    hidden = [answer.id for code, answer in answers.items() if code not in asked]
    if hidden:
        Answer.delete().where(Answer.id.in_(hidden)).execute()
        answers = {code: answer for code, answer in answers.items() if code in asked}
    step = step_of(definition, answers, item_code, response.module)
    next_code = step.next_code if step else None
    response.current_item = next_code or after_items(response)
    response.updated_at = utcnow()
    response.save(only=[Response.current_item, Response.updated_at])
    return response.current_item


def _same_value(answer: Answer, columns: dict[str, Any]) -> bool:
    return all(getattr(answer, name) == value for name, value in columns.items())


def save_answer(
    response_id: int,
    item_code: str,
    columns: dict[str, Any] | None,
    answered_by: AnsweredBy | None,
    request_id: str | None,
    base_revision: int | None,
) -> str | None:
    """Save (or, with ``columns=None``, clear) one answer; return the next item's code.

    A request seen before with the same value changes nothing. A form shown before the
    answer last changed (``base_revision`` behind) raises StaleAnswer: the newer value
    is never overwritten by an older one.
    """
    with db.atomic():
        response = _lock_open(response_id)
        definition = definition_of(response.questionnaire)
        existing = Answer.get_or_none(Answer.response == response, Answer.item_code == item_code)
        if answered_by == response.answered_by:
            answered_by = None
        replay = (
            existing is not None
            and request_id is not None
            and existing.request_id == request_id
            and columns is not None
            and _same_value(existing, columns)
        )
        if existing is not None and not replay and request_id != existing.request_id and (
            base_revision is not None and base_revision < existing.revision
        ):
            raise StaleAnswer(existing)
        if columns is None:
            Answer.delete().where(Answer.response == response, Answer.item_code == item_code).execute()
        elif not replay:
            values = {**columns, "answered_by": answered_by, "answered_at": utcnow(),
                      "request_id": request_id}
            Answer.insert(response=response, item_code=item_code, revision=1, **values).on_conflict(
                conflict_target=[Answer.response, Answer.item_code],
                update={**values, Answer.revision: Answer.revision + 1},
            ).execute()
        return _move_on(response, definition, item_code)


def skip(response_id: int, item_code: str) -> str | None:
    """Move past an item without changing its answer; return the next item's code."""
    with db.atomic():
        response = _lock_open(response_id)
        return _move_on(response, definition_of(response.questionnaire), item_code)


def move_to(response_id: int, step: str | None) -> None:
    """Record where the dialogue goes on from (after a step that is not an item)."""
    with db.atomic():
        response = _lock_open(response_id)
        response.current_item = step
        response.updated_at = utcnow()
        response.save(only=[Response.current_item, Response.updated_at])


def finish(response_id: int) -> Response:
    """Mark the dialogue complete: it is read back and takes no more answers."""
    with db.atomic():
        response = _lock_open(response_id)
        response.status = ResponseStatus.COMPLETE
        response.finished_at = response.updated_at = utcnow()
        response.current_item = None
        response.save()
        return response
