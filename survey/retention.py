"""Retention: remove what identifies a resident, keep the anonymous answers.

After RETENTION_DAYS from a resident's discharge (``survey purge``), or at once on the
resident's request (erasure, from the admin pages or ``survey erase-resident``), the
app removes what could tell who the resident was or what they said in their own words:

- the label (room, first name) becomes a neutral placeholder, ``Erased #<id>``;
- free-text answers (what matters to you, comments) are emptied;
- agreed actions lose their text (what, who, how we will know).

It keeps what the indicators are counted from: coded answers, the dialogues' dates,
ward and who answered, the resident row itself (coverage counts residents), admission
and discharge dates, and the status and follow-up of agreed actions. So every indicator
for every earlier period stays the same. Both are recorded in the audit trail, which
never holds a label or free text.

Relatives' free-text answers carry no resident but may name people: ``survey purge``
empties those older than the same period too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app

from . import audit, models
from .db import db
from .models import AgreedAction, Answer, Questionnaire, Resident, Response, User
from .questionnaire.items import REGISTRY
from .questionnaire.store import definition_of

#: What an erased action's text becomes ("what" may not be empty in the table).
ERASED_TEXT = ""


def placeholder_label(resident_id: int) -> str:
    """The neutral label an erased resident gets; unique, so the ward's labels stay unique."""
    return f"Erased #{resident_id}"


def retention_days() -> int:
    """Days after discharge that a resident's identifying data is kept (RETENTION_DAYS)."""
    return int(current_app.config["RETENTION_DAYS"])


@dataclass
class Erased:
    """What one erasure or purge removed: counts only, never the removed text."""

    residents: int = 0
    free_text_answers: int = 0
    agreed_actions: int = 0

    def add(self, other: Erased) -> None:
        self.residents += other.residents
        self.free_text_answers += other.free_text_answers
        self.agreed_actions += other.agreed_actions


def _free_text_items() -> dict[int, set[str]]:
    """The free-text item codes of every questionnaire version, by version id."""
    found: dict[int, set[str]] = {}
    for questionnaire in Questionnaire.select():
        definition = definition_of(questionnaire)
        found[questionnaire.id] = {
            item["code"] for item in definition.items
            if item.get("type") in REGISTRY and REGISTRY[item["type"]].free_text
        }
    return found


def _empty_free_text(responses) -> int:
    """Empty the free-text answers of these responses; return how many held text."""
    items = _free_text_items()
    emptied = 0
    for response in responses:
        codes = items.get(response.questionnaire_id) or set()
        if not codes:
            continue
        emptied += (Answer.update(value_text=None)
                    .where(Answer.response == response.id, Answer.item_code.in_(list(codes)),
                           Answer.value_text.is_null(False))
                    .execute())
    return emptied


def erase_resident(resident: Resident, reason: str, *, user: User | None = None,
                   role: str | None = "admin") -> Erased:
    """Remove what identifies the resident; record it (not the removed text) in the trail."""
    with db.atomic():
        responses = list(Response.select(Response.id, Response.questionnaire)
                         .where(Response.resident == resident.id))
        emptied = _empty_free_text(responses)
        actions = (AgreedAction.update(what=ERASED_TEXT, who=None, how_we_know=None)
                   .where(AgreedAction.resident == resident.id).execute())
        resident.label = placeholder_label(resident.id)
        resident.erased_at = models.utcnow()
        resident.save()
        done = Erased(residents=1, free_text_answers=emptied, agreed_actions=actions)
        audit.record("erase_resident", object_type="resident", object_id=resident.id,
                     resident_id=resident.id, user=user, role=role,
                     detail={"reason": reason, "free_text_answers": emptied,
                             "agreed_actions": actions})
    return done


def due_for_purge(today: dt.date | None = None, days: int | None = None) -> list[Resident]:
    """Residents discharged more than the retention period ago and not yet erased."""
    today = today or models.utcnow().date()
    cutoff = today - dt.timedelta(days=retention_days() if days is None else days)
    return list(Resident.select()
                .where(Resident.erased_at.is_null(), Resident.discharged_on.is_null(False),
                       Resident.discharged_on < cutoff)
                .order_by(Resident.id))


def _old_relatives_responses(cutoff: dt.datetime) -> Iterable[Response]:
    return (Response.select(Response.id, Response.questionnaire)
            .where(Response.resident.is_null(), Response.started_at < cutoff))


def purge(today: dt.date | None = None, days: int | None = None,
          dry_run: bool = False) -> Erased:
    """Erase every resident past the retention period, and old relatives' free text."""
    today = today or models.utcnow().date()
    days = retention_days() if days is None else days
    residents = due_for_purge(today, days)
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days), dt.time())
    total = Erased()
    if dry_run:
        total.residents = len(residents)
        return total
    for resident in residents:
        total.add(erase_resident(resident, "retention", role=None))
    with db.atomic():
        relatives_text = _empty_free_text(_old_relatives_responses(cutoff))
        total.free_text_answers += relatives_text
        audit.record("purge", role=None,
                     detail={"retention_days": days, "residents": total.residents,
                             "free_text_answers": total.free_text_answers,
                             "agreed_actions": total.agreed_actions})
    return total
