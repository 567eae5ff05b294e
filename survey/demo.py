"""Demo data: two sites, three wards, staff, residents and two years of dialogues."""

from __future__ import annotations

import datetime as dt
import random

from .db import db
from .demo_history import load_history
from .models import (
    ActionStatus,
    AgreedAction,
    Answer,
    AnsweredBy,
    Questionnaire,
    Resident,
    Response,
    ResponseStatus,
    Site,
    Ward,
    utcnow,
)
from .questionnaire.items import item_type
from .questionnaire.store import definition_of
from .relatives.demo import load_demo_wave
from .responses import applicable_items
from .rotation import choose_module
from .users import create_user

#: (user name, password, what they can do) — printed by `survey demo` and `make run`.
DEMO_LOGINS = [
    ("anna", "anna-demo", "care worker, Solhaven: Hus A and Hus B"),
    ("bo", "bo-demo-1", "pedagogue, Egebo: Team Nord"),
    ("kvalitet", "kvalitet-demo", "quality team"),
    ("admin", "admin-demo", "administrator"),
]

SITES = {
    "Solhaven Plejecenter": {
        "Hus A": ["Stue 1 · Karen", "Stue 2 · Erik", "Stue 3 · Grethe", "Stue 4 · Poul"],
        "Hus B": ["Stue 11 · Inge", "Stue 12 · Jens", "Stue 14 · Ruth"],
    },
    "Egebo Botilbud": {
        "Team Nord": ["Lejlighed 2 · Mads", "Lejlighed 5 · Sara"],
    },
}


def _random_answer(item, definition, rng: random.Random):
    kind = item_type(item)
    if kind.free_text:
        return kind.to_columns(rng.choice(["At komme ud i haven.", "Mine børnebørn.", ""]))
    choices = kind.choices(item, definition, definition.languages[0])
    if not choices:
        return None
    # Mostly valid answers, now and then "don't know" or "rather not say".
    valid = [c.code for c in choices if not c.missing]
    missing = [c.code for c in choices if c.missing]
    code = rng.choice(missing) if missing and rng.random() < 0.08 else rng.choice(valid[:2] * 3 + valid)
    return kind.to_columns([code] if kind.name == "multiple" else code)


AGREEMENTS = ["Gå en tur i haven om fredagen", "Kaffe med mælk om morgenen",
              "Ringe til datteren om søndagen", "Samme hjælper til badet"]


def _past_dialogue(resident, questionnaire, staff, when: dt.datetime, rng: random.Random,
                   stop_after: int | None = None) -> Response:
    definition = definition_of(questionnaire)
    response = Response.create(
        questionnaire=questionnaire, ward=resident.ward, kind=questionnaire.kind, language="da",
        answered_by=rng.choice([AnsweredBy.RESIDENT] * 4 + [AnsweredBy.RESIDENT_ASSISTED]),
        resident=resident, staff=staff, started_at=when, updated_at=when,
        module=choose_module(definition, resident.ward, when),
        status=ResponseStatus.IN_PROGRESS if stop_after else ResponseStatus.COMPLETE,
        finished_at=None if stop_after else when + dt.timedelta(minutes=12),
    )
    for action in AgreedAction.select().where(AgreedAction.resident == resident,
                                              AgreedAction.status == ActionStatus.OPEN):
        action.status = rng.choice([ActionStatus.DONE] * 3 + [ActionStatus.PARTLY])
        action.followed_up_in, action.followed_up_at = response, when
        action.save()
    if not stop_after and rng.random() < 0.6:
        AgreedAction.create(response=response, resident=resident, what=rng.choice(AGREEMENTS),
                            who=staff.display_name, created_at=when)
    answers: dict[str, Answer] = {}
    position = 0
    while True:
        asked = [i for i in applicable_items(definition, answers, response.module)
                 if i["code"] not in answers]
        if not asked or (stop_after is not None and position >= stop_after):
            response.current_item = asked[0]["code"] if asked else None
            response.save()
            return response
        item = asked[0]
        columns = _random_answer(item, definition, rng)
        position += 1
        if columns is None or all(value is None for value in columns.values()):
            answers[item["code"]] = Answer(response=response, item_code=item["code"])
            continue
        answers[item["code"]] = Answer.create(
            response=response, item_code=item["code"], answered_at=when, **columns
        )


def load_demo() -> bool:
    """Create the demo data unless it is there; return whether it was created."""
    if Site.select().where(Site.name.in_(list(SITES))).exists():
        return False
    rng = random.Random(2025)
    questionnaire = Questionnaire.get(Questionnaire.code == "min-hverdag", Questionnaire.current == True)  # noqa: E712
    with db.atomic():
        wards = {}
        for site_name, site_wards in SITES.items():
            site = Site.create(name=site_name)
            for ward_name, labels in site_wards.items():
                ward = wards[ward_name] = Ward.create(site=site, name=ward_name)
                for label in labels:
                    Resident.create(ward=ward, label=label, admitted_on=dt.date(2024, 3, 1))
        staff = {
            "anna": create_user("anna", "Anna Jensen", "anna-demo", ["staff"],
                                [wards["Hus A"].id, wards["Hus B"].id]),
            "bo": create_user("bo", "Bo Nielsen", "bo-demo-1", ["staff"], [wards["Team Nord"].id]),
        }
        quality = create_user("kvalitet", "Kvalitetsteamet", "kvalitet-demo", ["quality"])
        create_user("admin", "Administrator", "admin-demo", ["admin"])
        now = utcnow().replace(microsecond=0)
        # Two years of monthly dialogues, so the quality pages show real run charts.
        load_history(wards, staff, questionnaire, quality, now)
        # A relatives' wave open now, with unused letters `survey demo` prints.
        load_demo_wave([wards["Hus A"], wards["Hus B"]], quality)
        karen = Resident.get(Resident.label == "Stue 1 · Karen")
        _past_dialogue(karen, questionnaire, staff["anna"], now - dt.timedelta(hours=2), rng,
                       stop_after=3)
    return True
