"""Helpers for the quality tests: finished dialogues with counted answers, a fixed today.

Each dialogue answers one item (``sb_dag``: 1 is "yes", 3 is "no"), so a month with
``yes`` and ``no`` dialogues gives the self-determination indicator the value
yes / (yes + no) on n = yes + no valid answers: the sums are easy to do by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from survey.models import (
    AgreedAction,
    Annotation,
    Invitation,
    InvitationWave,
    Resident,
    Response,
    Ward,
)

#: The file indicator every helper feeds.
SELF_DETERMINATION = "min-hverdag:selvbestemmelse"
#: The staff pulse's file indicator that ``staff_answers`` feeds (through ``ps_tid``).
WORKING_ENVIRONMENT = "personale:arbejdsmiljoe"
#: "Today" in the quality tests: charts end with June 2026.
TODAY = dt.datetime(2026, 6, 15, 12, 0)


def answers(questionnaire, ward: Ward, resident, month: str, yes: int, no: int = 0,
            answered_by: str = "resident", item: str = "sb_dag") -> None:
    """Add ``yes`` + ``no`` finished dialogues in the month (``2026-01``), one answer each."""
    from survey.models import Answer

    year, number = int(month[:4]), int(month[5:7])
    for position in range(yes + no):
        when = dt.datetime(year, number, 1 + position % 27, 10, 0)
        response = Response.create(questionnaire=questionnaire, ward=ward, kind="dialogue",
                                   language="da", answered_by=answered_by, resident=resident,
                                   status="complete", started_at=when, updated_at=when,
                                   finished_at=when)
        Answer.create(response=response, item_code=item, value_code=1 if position < yes else 3,
                      answered_at=when)


def series(questionnaire, ward: Ward, resident, points: dict[str, tuple[int, int]]) -> None:
    """Add several months at once: {month: (yes, no)}."""
    for month, (yes, no) in points.items():
        answers(questionnaire, ward, resident, month, yes, no)


def staff_answers(questionnaire, ward: Ward, month: str, agree: int, disagree: int = 0) -> None:
    """Add ``agree`` + ``disagree`` staff pulse responses in the month, one answer each.

    Stored as a poster's response is: no resident, no member of staff, the day only.
    ``ps_tid`` 1 is "strongly agree", 5 "strongly disagree".
    """
    from survey.models import Answer

    year, number = int(month[:4]), int(month[5:7])
    for position in range(agree + disagree):
        when = dt.datetime(year, number, 1 + position % 27)
        response = Response.create(questionnaire=questionnaire, ward=ward, kind="staff",
                                   language="da", answered_by="staff", resident=None,
                                   status="complete", started_at=when, updated_at=when,
                                   finished_at=when)
        Answer.create(response=response, item_code="ps_tid",
                      value_code=1 if position < agree else 5, answered_at=when)


def annotate(ward: Ward, started_on: dt.date, title: str) -> Annotation:
    return Annotation.create(ward=ward, started_on=started_on, title=title)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Fix the quality pages' today (the charts' last period) at TODAY."""
    import survey.dashboard
    import survey.views.quality.pages

    monkeypatch.setattr(survey.dashboard, "utcnow", lambda: TODAY)
    monkeypatch.setattr(survey.views.quality.pages, "utcnow", lambda: TODAY)
    return TODAY


@pytest.fixture
def quarter_on_hus_a(world, min_hverdag):
    """Hus A, Q1 2026: six residents, five had a dialogue in February; each had agreed
    something in December, four of the five were followed up; five letters, three answered."""
    Resident.update(admitted_on=dt.date(2025, 1, 1)).execute()
    residents = [world.resident] + [
        Resident.create(ward=world.ward, label=f"Stue {n}", admitted_on=dt.date(2025, 1, 1))
        for n in range(2, 7)]
    for number, resident in enumerate(residents[:5]):
        answers(min_hverdag, world.ward, resident, "2025-12", yes=1)
        agreed = Response.select().where(Response.resident == resident).get()
        answers(min_hverdag, world.ward, resident, "2026-02", yes=1 if number else 0,
                no=0 if number else 1)
        later = Response.select().where(Response.resident == resident).order_by(
            Response.started_at.desc()).get()
        AgreedAction.create(response=agreed, resident=resident, what="Walk in the garden",
                            followed_up_in=later if number else None)
    wave = InvitationWave.create(questionnaire_code="paaroerende", title="Spring",
                                 opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 3, 1))
    for number in range(5):
        Invitation.create(wave=wave, ward=world.ward, number=number + 1,
                          token_hash=f"letter-{number}",
                          submitted_on=dt.date(2026, 2, 9) if number < 3 else None)
    return world
