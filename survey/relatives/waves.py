"""Invitation waves: create one (a letter per relative, a poster per ward), close it,
print its letters again, and count what came back per ward. A staff pulse wave has
the ward posters only (POSTERS_ONLY)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from peewee import fn

from .. import models
from ..db import db
from ..models import (
    Invitation,
    InvitationWave,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    User,
    Ward,
)
from . import tokens

#: More letters than this per ward in one wave is a typing mistake, not a care home.
MAX_LETTERS_PER_WARD = 500

#: Questionnaires given out only through one open poster per ward, never numbered letters:
#: staff need no letters (a poster in the staff room reaches them all) and a letter per
#: colleague would only invite guessing who had which.
POSTERS_ONLY = frozenset({QuestionnaireKind.STAFF})


def kind_of(questionnaire_code: str) -> QuestionnaireKind | None:
    """The kind of the questionnaire's current version (None if there is none)."""
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == questionnaire_code,
                                              Questionnaire.current == True)  # noqa: E712
    return questionnaire.kind if questionnaire is not None else None


def posters_only(questionnaire_code: str) -> bool:
    """Tell whether the questionnaire (its current version) takes ward posters only."""
    return kind_of(questionnaire_code) in POSTERS_ONLY


class WaveState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def today() -> dt.date:
    """Today's date (from the app's clock, which tests move)."""
    return models.utcnow().date()


def state_of(wave: InvitationWave, on: dt.date | None = None) -> WaveState:
    """Whether the wave takes answers on the day: closed early or after its closing date."""
    on = on or today()
    if wave.closed_at is not None or on > wave.closes_on:
        return WaveState.CLOSED
    if on < wave.opens_on:
        return WaveState.NOT_YET_OPEN
    return WaveState.OPEN


def create_wave(
    questionnaire_code: str,
    title: str,
    wards: list[Ward],
    letters_per_ward: int,
    opens_on: dt.date,
    closes_on: dt.date,
    posters: bool,
    created_by: User | None,
) -> InvitationWave:
    """Create the wave with its letters (and a poster per ward); store only token hashes."""
    if not 0 <= letters_per_ward <= MAX_LETTERS_PER_WARD:
        raise ValueError("letters_per_ward out of range")
    if letters_per_ward and posters_only(questionnaire_code):
        raise ValueError(f"{questionnaire_code} is given out through ward posters only")
    with db.atomic():
        wave = InvitationWave.create(
            questionnaire_code=questionnaire_code, title=title, opens_on=opens_on,
            closes_on=closes_on, created_by=created_by, token_salt=tokens.new_salt(),
        )
        rows = []
        for ward in wards:
            kinds = [(number, False) for number in range(1, letters_per_ward + 1)]
            if posters:
                kinds.append((1, True))
            for number, open_link in kinds:
                token = tokens.derive(wave.token_salt, ward.id, number, open_link)
                rows.append({"wave": wave.id, "ward": ward.id, "number": number,
                             "open_link": open_link, "token_hash": tokens.hash_of(token)})
        for start in range(0, len(rows), 200):
            Invitation.insert_many(rows[start:start + 200]).execute()
    return wave


def close_wave(wave: InvitationWave) -> bool:
    """Close the wave now: its links show the closed page. Return False if already closed.

    Unfinished responses can no longer be resumed, so they drop their link to a numbered
    letter too (as sent ones do): what is left points at the ward and the wave only.
    """
    with db.atomic():
        closed = InvitationWave.update(closed_at=models.utcnow()).where(
            InvitationWave.id == wave.id, InvitationWave.closed_at.is_null()).execute()
        Response.update(invitation=None).where(Response.wave == wave).execute()
    return bool(closed)


class TokensChanged(Exception):
    """The secret key changed since the wave was made: its letters cannot be printed again."""


@dataclass(frozen=True)
class Letter:
    """One letter or poster to print: where it goes and the link it carries."""

    invitation: Invitation
    ward: Ward
    token: str


def letters(wave: InvitationWave, open_link: bool = False) -> list[Letter]:
    """The wave's letters (or posters), by ward and number, with their tokens derived again."""
    query = (Invitation.select(Invitation, Ward).join(Ward)
             .where(Invitation.wave == wave, Invitation.open_link == open_link)
             .order_by(Ward.name, Ward.id, Invitation.number))
    found = []
    for invitation in query:
        token = tokens.derive(wave.token_salt or "", invitation.ward_id, invitation.number, open_link)
        if tokens.hash_of(token) != invitation.token_hash:
            raise TokensChanged()
        found.append(Letter(invitation, invitation.ward, token))
    return found


@dataclass
class WardCount:
    """What a wave gave on one ward: letters sent and answered, poster answers."""

    ward: Ward
    letters: int = 0
    answered: int = 0
    opened: int = 0
    poster_answers: int = 0

    @property
    def rate(self) -> float | None:
        """Submitted / issued; poster answers have no denominator and are left out."""
        return self.answered / self.letters if self.letters else None


def counts(wave: InvitationWave) -> list[WardCount]:
    """Per ward: letters issued, opened and submitted, and answers through the poster."""
    by_ward: dict[int, WardCount] = {}
    rows = (Invitation.select(Invitation.ward, fn.COUNT(Invitation.id),
                              fn.COUNT(Invitation.first_opened_on),
                              fn.COUNT(Invitation.submitted_on))
            .where(Invitation.wave == wave, Invitation.open_link == False)  # noqa: E712
            .group_by(Invitation.ward).tuples())
    wards = {ward.id: ward for ward in Ward.select().join(Invitation).where(
        Invitation.wave == wave).distinct()}
    for ward_id, sent, opened, answered in rows:
        by_ward[ward_id] = WardCount(wards[ward_id], letters=sent, answered=answered, opened=opened)
    posters = (Response.select(Response.ward, fn.COUNT(Response.id))
               .where(Response.wave == wave, Response.open_link == True,  # noqa: E712
                      Response.status == ResponseStatus.COMPLETE)
               .group_by(Response.ward).tuples())
    for ward_id, answered in posters:
        by_ward.setdefault(ward_id, WardCount(wards.get(ward_id) or Ward.get_by_id(ward_id)))
        by_ward[ward_id].poster_answers = answered
    for ward_id, ward in wards.items():
        by_ward.setdefault(ward_id, WardCount(ward))
    return sorted(by_ward.values(), key=lambda count: (count.ward.name, count.ward.id))
