"""Two years of relatives' waves for the demo: letters twice a year, and what came back.

Every half year the quality team sent eight letters per ward; between half and
three quarters were answered. Answers are stored as the relatives' survey stores them:
day-coarse times, no link from the response to its letter (only to the wave), the
letter marked answered on that day. So the council report shows a real response rate.
"""

from __future__ import annotations

import datetime as dt
import random

from .demo_history import BATCH, answer_columns, month_start
from .models import (
    Answer,
    AnsweredBy,
    Invitation,
    InvitationWave,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    User,
    Ward,
)
from .questionnaire.store import definition_of
from .relatives import waves
from .responses import applicable_items

#: Months back (from this one) each past wave opened in.
WAVES_MONTHS_AGO = (22, 16, 10, 4)
LETTERS_PER_WARD = 8
#: How likely a relative agrees, per ward (Hus A's relatives notice the change too).
AGREE = {"Hus A": 0.55, "Hus B": 0.62, "Team Nord": 0.6}


def _answers(definition, share: float, day: dt.datetime, rng: random.Random) -> list[dict]:
    """Answer the items in order, as a relative on a phone would (skipping a few)."""
    given: dict[str, Answer] = {}
    asked: set[str] = set()
    rows = []
    while True:
        pending = [item for item in applicable_items(definition, given, None)
                   if item["code"] not in asked]
        if not pending:
            return rows
        item = pending[0]
        asked.add(item["code"])
        columns = answer_columns(item, definition, share, rng)
        if columns is None or rng.random() < 0.05:
            continue
        given[item["code"]] = Answer(item_code=item["code"], **columns)
        rows.append({"item_code": item["code"], "answered_at": day, **columns})


def load_relatives_history(wards: list[Ward], quality: User | None, now: dt.datetime,
                           rng: random.Random) -> None:
    """Add the past waves, their letters and the answers that came back."""
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == "paaroerende",
                                              Questionnaire.current == True)  # noqa: E712
    if questionnaire is None:
        return
    definition = definition_of(questionnaire)
    for back in WAVES_MONTHS_AGO:
        opens_on = month_start(now.date(), back) + dt.timedelta(days=2)
        wave = waves.create_wave("paaroerende", f"Pårørende {opens_on:%B %Y}", wards,
                                 LETTERS_PER_WARD, opens_on, opens_on + dt.timedelta(days=35),
                                 False, quality)
        for ward in wards:
            letters = list(Invitation.select().where(Invitation.wave == wave,
                                                     Invitation.ward == ward))
            answered = rng.sample(letters, rng.randint(LETTERS_PER_WARD // 2,
                                                       LETTERS_PER_WARD * 3 // 4))
            for letter in answered:
                day = opens_on + dt.timedelta(days=rng.randint(0, 30))
                moment = dt.datetime.combine(day, dt.time())
                Invitation.update(first_opened_on=day, submitted_on=day).where(
                    Invitation.id == letter.id).execute()
                response = Response.create(
                    questionnaire=questionnaire, ward=ward, kind=QuestionnaireKind.RELATIVES,
                    status=ResponseStatus.COMPLETE, language="da",
                    answered_by=AnsweredBy.RELATIVE, invitation=None, wave=wave,
                    started_at=moment, updated_at=moment, finished_at=moment)
                rows = [{**row, "response": response.id} for row in
                        _answers(definition, AGREE.get(ward.name, 0.6), moment, rng)]
                for start in range(0, len(rows), BATCH):
                    Answer.insert_many(rows[start:start + BATCH]).execute()
        InvitationWave.update(closed_at=dt.datetime.combine(
            opens_on + dt.timedelta(days=35), dt.time())).where(InvitationWave.id == wave.id).execute()
