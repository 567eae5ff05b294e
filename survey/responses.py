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
from .prepared import Prepared
from .questionnaire import conditions
from .questionnaire.definition import Definition, Item
from .questionnaire.items import item_type
from .questionnaire.store import definition_by_id, definition_of

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
    return {answer.item_code: answer for answer in _ANSWERS.rows(response.id)}


# On every save's path: their SQL is built once (see prepared.py).
_ANSWERS = Prepared(lambda response_id: Answer.select().where(Answer.response == response_id))
_UPSERTED = ("value_code", "value_number", "value_text", "answered_by", "answered_at", "request_id")


def _upsert(response_id, item_code, value_code, value_number, value_text, answered_by, answered_at,
            request_id):
    # A new answer, or a changed one with its revision counted up.
    values = dict(zip(_UPSERTED, (value_code, value_number, value_text, answered_by, answered_at,
                                  request_id), strict=True))
    return Answer.insert(response=response_id, item_code=item_code, revision=1, **values).on_conflict(
        conflict_target=[Answer.response, Answer.item_code],
        update={**values, Answer.revision: Answer.revision + 1},
    )


_UPSERT = Prepared(_upsert)
_MOVED = Prepared(
    lambda current_item, updated_at, response_id:
    Response.update(current_item=current_item, updated_at=updated_at).where(Response.id == response_id)
)
_LOCKED_RESPONSE = Prepared(
    lambda response_id: locked(Response.select().where(Response.id == response_id).limit(1))
)


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
    definition = definition_by_id(response.questionnaire_id)
    return applicable_items(definition, answers_of(response), response.module)[0]["code"]


def after_items(response: Response) -> str | None:
    """The step after the last question: agreed actions in a dialogue, else the summary."""
    return ACTIONS if response.kind == QuestionnaireKind.DIALOGUE else None


def _lock_open(response_id: int) -> Response:
    response = locked(Response.select().where(Response.id == response_id)).get()
    if response.status != ResponseStatus.IN_PROGRESS:
        raise DialogueClosed()
    return response


class NotAsked(Exception):
    """The item is not asked (an earlier answer hides it, or another module): nothing saved."""


@dataclass
class Moved:
    """A response after a save or skip, with its answers as they now stand (read once)."""

    response: Response
    definition: Definition
    answers: dict[str, Answer]

    @property
    def next_code(self) -> str | None:
        """Where the dialogue goes on: the next item's code, or a step after the items."""
        return self.response.current_item


def _lock_with_answers(response_id: int, item_code: str, only_if_asked: bool) -> Moved:
    """Lock the response and read its answers once; check that it takes this answer.

    ``only_if_asked`` refuses an item that is not asked (NotAsked), before the check
    that the response is still open, as a view that asks first would.
    """
    response = _LOCKED_RESPONSE.first(response_id)
    if response is None:
        raise Response.DoesNotExist(f"response {response_id}")
    definition = definition_by_id(response.questionnaire_id)
    answers = answers_of(response)
    if only_if_asked and step_of(definition, answers, item_code, response.module) is None:
        raise NotAsked()
    if response.status != ResponseStatus.IN_PROGRESS:
        raise DialogueClosed()
    return Moved(response, definition, answers)


def _move_on(state: Moved, item_code: str) -> Moved:
    """Drop answers to items that no longer apply; set the next item on the response."""
    response, definition, answers = state.response, state.definition, state.answers
    asked = {item["code"] for item in applicable_items(definition, answers, response.module)}
    hidden = [code for code in answers if code not in asked]
    if hidden:
        Answer.delete().where(Answer.response == response, Answer.item_code.in_(hidden)).execute()
        answers = {code: answer for code, answer in answers.items() if code in asked}
    step = step_of(definition, answers, item_code, response.module)
    next_code = step.next_code if step else None
    response.current_item = next_code or after_items(response)
    response.updated_at = utcnow()
    _MOVED.execute(response.current_item, Response.updated_at.db_value(response.updated_at),
                   response.id)
    return Moved(response, definition, answers)


def _same_value(answer: Answer, columns: dict[str, Any]) -> bool:
    return all(getattr(answer, name) == value for name, value in columns.items())


def _as_stored(values: dict[str, Any]) -> dict[str, Any]:
    """The values as reading them back would give them (an int code stays an int)."""
    fields = Answer._meta.fields
    return {name: fields[name].python_value(fields[name].db_value(value))
            for name, value in values.items()}


def record_answer(
    response_id: int,
    item_code: str,
    columns: dict[str, Any] | None,
    answered_by: AnsweredBy | None,
    request_id: str | None,
    base_revision: int | None,
    only_if_asked: bool = False,
) -> Moved:
    """Save (or, with ``columns=None``, clear) one answer and move on, in one transaction.

    A request seen before with the same value changes nothing. A form shown before the
    answer last changed (``base_revision`` behind) raises StaleAnswer: the newer value
    is never overwritten by an older one. The answers are read once, under the lock
    (every write to a response's answers holds it), and kept up to date in memory.
    """
    with db.atomic():
        state = _lock_with_answers(response_id, item_code, only_if_asked)
        response, answers = state.response, state.answers
        existing = answers.get(item_code)
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
            if existing is not None:
                Answer.delete().where(Answer.response == response,
                                      Answer.item_code == item_code).execute()
                del answers[item_code]
        elif not replay:
            values = {**columns, "answered_by": answered_by, "answered_at": utcnow(),
                      "request_id": request_id}
            fields = Answer._meta.fields
            _UPSERT.execute(response.id, item_code,
                            *(fields[name].db_value(values[name]) for name in _UPSERTED))
            before = existing.__data__ if existing is not None else {
                "response": response.id, "item_code": item_code, "revision": 0}
            answers[item_code] = Answer(**{**before, **_as_stored(values),
                                           "revision": before["revision"] + 1})
        return _move_on(state, item_code)


def save_answer(
    response_id: int,
    item_code: str,
    columns: dict[str, Any] | None,
    answered_by: AnsweredBy | None,
    request_id: str | None,
    base_revision: int | None,
) -> str | None:
    """Save (or clear) one answer as ``record_answer`` does; return the next item's code."""
    return record_answer(response_id, item_code, columns, answered_by, request_id,
                         base_revision).next_code


def skip_item(response_id: int, item_code: str, only_if_asked: bool = False) -> Moved:
    """Move past an item without changing its answer (see ``record_answer``)."""
    with db.atomic():
        return _move_on(_lock_with_answers(response_id, item_code, only_if_asked), item_code)


def skip(response_id: int, item_code: str) -> str | None:
    """Move past an item without changing its answer; return the next item's code."""
    return skip_item(response_id, item_code).next_code


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
