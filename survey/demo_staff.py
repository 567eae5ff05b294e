"""Two years of the staff pulse for the demo: a ward poster every quarter, and what came back.

On Solhaven's two houses the quality team put up a poster in the staff room each
quarter; six to nine colleagues on Hus A and five to eight on Hus B answered, so the
quality pages show the staff's own series. Answers are stored as the poster's survey
stores them: day-coarse times, no link to the poster, a resident or a member of staff.
Egebo's team is too small for an anonymous pulse and has none.
"""

from __future__ import annotations

import datetime as dt
import random

from .demo_history import BATCH, answer_columns, month_start
from .models import (
    Answer,
    AnsweredBy,
    InvitationWave,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
    User,
    Ward,
)
from .questionnaire.items import item_type
from .questionnaire.store import definition_of
from .relatives import waves

#: Months back (from this one) each past poster went up in: every quarter for two years.
WAVES_MONTHS_AGO = (22, 19, 16, 13, 10, 7, 4, 1)
#: Per ward: how many colleagues answer a poster (at least the smallest number shown),
#: and how likely one agrees with a statement.
ANSWERS = {"Hus A": (6, 9), "Hus B": (5, 8)}
AGREE = {"Hus A": 0.62, "Hus B": 0.7}


def _answers(definition, share: float, day: dt.datetime, rng: random.Random) -> list[dict]:
    """Answer the statements (the free-text question is left empty in the demo)."""
    rows = []
    for item in definition.items:
        if item_type(item).free_text:
            continue
        columns = answer_columns(item, definition, share, rng)
        if columns is not None:
            rows.append({"item_code": item["code"], "answered_at": day, **columns})
    return rows


def load_staff_history(wards: list[Ward], quality: User | None, now: dt.datetime,
                       rng: random.Random) -> None:
    """Add the past staff pulse posters and the answers that came back."""
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == "personale",
                                              Questionnaire.current == True)  # noqa: E712
    houses = [ward for ward in wards if ward.name in ANSWERS]
    if questionnaire is None or not houses:
        return
    definition = definition_of(questionnaire)
    for back in WAVES_MONTHS_AGO:
        opens_on = month_start(now.date(), back) + dt.timedelta(days=2)
        closes_on = opens_on + dt.timedelta(days=21)
        wave = waves.create_wave("personale", f"Personalepuls {opens_on:%B %Y}", houses, 0,
                                 opens_on, closes_on, True, quality)
        for ward in houses:
            for _colleague in range(rng.randint(*ANSWERS[ward.name])):
                day = opens_on + dt.timedelta(days=rng.randint(0, 20))
                moment = dt.datetime.combine(day, dt.time())
                response = Response.create(
                    questionnaire=questionnaire, ward=ward, kind=QuestionnaireKind.STAFF,
                    status=ResponseStatus.COMPLETE, language="da", answered_by=AnsweredBy.STAFF,
                    invitation=None, wave=wave, open_link=True,
                    started_at=moment, updated_at=moment, finished_at=moment)
                rows = [{**row, "response": response.id} for row in
                        _answers(definition, AGREE[ward.name], moment, rng)]
                for start in range(0, len(rows), BATCH):
                    Answer.insert_many(rows[start:start + BATCH]).execute()
        InvitationWave.update(closed_at=dt.datetime.combine(closes_on, dt.time())).where(
            InvitationWave.id == wave.id).execute()
