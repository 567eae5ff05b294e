"""Relatives' free-text comments, for the quality team, only from groups of five or more.

A comment from a ward where two relatives answered could be told apart by its writing or
its subject; among five or more it is one voice of several. Comments are shown sorted
by their text, never in the order they came in (which could match the order letters
were handed out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from ..models import Answer, InvitationWave, Response, ResponseStatus, Ward
from ..questionnaire.items import item_type
from ..questionnaire.store import definition_of
from ..suppression import DEFAULT_MIN_N


def min_n() -> int:
    """The smallest group of responses whose comments may be read."""
    return int(current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N))


@dataclass
class WardComments:
    """One ward's comments in a wave, or none when too few relatives answered."""

    ward: Ward
    responses: int
    comments: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.responses < min_n()


def comments_of(wave: InvitationWave) -> list[WardComments]:
    """Per ward: how many relatives sent answers, and their comments if at least min_n did."""
    sent = list(Response.select(Response, Ward).join(Ward)
                .where(Response.wave == wave, Response.status == ResponseStatus.COMPLETE))
    groups: dict[int, WardComments] = {}
    for response in sent:
        groups.setdefault(response.ward_id, WardComments(response.ward, 0)).responses += 1
    free_text: dict[int, set[str]] = {}
    for response in sent:
        if response.questionnaire_id not in free_text:
            definition = definition_of(response.questionnaire)
            free_text[response.questionnaire_id] = {
                item["code"] for item in definition.items if item_type(item).free_text}
    for group in groups.values():
        if group.suppressed:
            continue
        ids = [r.id for r in sent if r.ward_id == group.ward.id]
        codes = set().union(*(free_text[r.questionnaire_id] for r in sent if r.ward_id == group.ward.id))
        texts = (Answer.select(Answer.value_text)
                 .where(Answer.response.in_(ids), Answer.item_code.in_(list(codes)),
                        Answer.value_text.is_null(False)).tuples())
        group.comments = sorted(text for (text,) in texts if text.strip())
    return sorted(groups.values(), key=lambda group: (group.ward.name, group.ward.id))
