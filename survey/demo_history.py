"""Two years of monthly dialogues for the demo, so a fresh install shows real run charts.

Every resident has a dialogue most months, with agreed actions followed up at the next
one. Residents move in and out. On Solhaven's Hus A a change started about eleven months
ago (residents choose when their morning care happens); from then on far more of the
answers about self-determination are "yes", so Anhøj's rules fire on that ward's
charts. On Hus B a change to fixed contact persons shows no clear effect: not every
change works, and the charts say so too. Rows go in with ``insert_many`` in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .db import db
from .indicators import coding_of
from .models import (
    ActionStatus,
    AgreedAction,
    Annotation,
    Answer,
    AnsweredBy,
    Questionnaire,
    Resident,
    Response,
    ResponseStatus,
    User,
    Ward,
    utcnow,
)
from .questionnaire.definition import Definition
from .questionnaire.items import item_type
from .questionnaire.store import definition_of
from .responses import applicable_items
from .rotation import quarter_start

MONTHS = 24
BATCH = 500

#: Residents besides demo.py's, living on the ward through the two years.
MORE_RESIDENTS = {
    "Hus A": ["Stue 6 · Bent", "Stue 7 · Dorte", "Stue 9 · Hanne", "Stue 10 · Ib"],
    "Hus B": ["Stue 13 · Kaj", "Stue 15 · Mogens", "Stue 17 · Nina", "Stue 18 · Otto"],
    "Team Nord": ["Lejlighed 1 · Jonas", "Lejlighed 3 · Freja", "Lejlighed 6 · Emma"],
}

#: Rooms that changed hands: (who moved out, who moved in, month of the move, 0-23).
MOVES = {
    "Hus A": [("Stue 5 · Alfred", "Stue 5 · Aase", 7), ("Stue 8 · Gudrun", "Stue 8 · Frede", 15)],
    "Hus B": [("Stue 16 · Vagn", "Stue 16 · Lis", 10)],
    "Team Nord": [("Lejlighed 4 · Oliver", "Lejlighed 4 · Ali", 12)],
}

#: How likely an answer is the positive one, per ward, before anything changes.
POSITIVE = {"Hus A": 0.48, "Hus B": 0.6, "Team Nord": 0.56}
#: Hus A after the change: self-determination answers.
IMPROVED = 0.84
#: The month (counted back from this one) the Hus A change started on its first day:
#: long enough ago that the last whole quarter's council report already shows the signal
#: (at least 9 improved months among 24, more than round(log2(24) + 3) = 8 in a row).
CHANGE_MONTHS_AGO = 11

AGREEMENTS = ["Gå en tur i haven om fredagen", "Kaffe med mælk om morgenen",
              "Ringe til datteren om søndagen", "Samme hjælper til badet",
              "Selv vælge tøj om morgenen", "Læse avis sammen om tirsdagen",
              "Komme med til banko", "Stå op efter klokken 8"]
THOUGHTS = ["At komme ud i haven.", "Mine børnebørn.", "At få lov at sove længe.",
            "Musik om eftermiddagen.", "At nogen har tid til at snakke."]
FOLLOW_UPS = [ActionStatus.DONE] * 13 + [ActionStatus.PARTLY] * 4 + [ActionStatus.NOT_DONE] * 2 + [
    ActionStatus.DROPPED]
ANSWERERS = ([AnsweredBy.RESIDENT] * 14 + [AnsweredBy.RESIDENT_ASSISTED] * 4
             + [AnsweredBy.RELATIVE_PROXY, AnsweredBy.STAFF_OBSERVATION])


def month_start(today: dt.date, months_back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def change_started(today: dt.date) -> dt.date:
    """The day the Hus A change started: the first of the month CHANGE_MONTHS_AGO ago."""
    return month_start(today, CHANGE_MONTHS_AGO)


@dataclass
class Plan:
    """One ward's history before it goes in: dialogues, answers, agreements."""

    ward: Ward
    questionnaire: Questionnaire
    staff: User
    dialogues: list[dict] = field(default_factory=list)
    answers: list[list[dict]] = field(default_factory=list)
    #: (dialogue index, what, follow-up dialogue index or None, status)
    actions: list[tuple[int, str, int | None, ActionStatus]] = field(default_factory=list)


def _residents(ward: Ward, start: dt.date) -> list[Resident]:
    """Add the ward's other residents, and those who moved in or out during the history."""
    long_ago = start - dt.timedelta(days=400)
    rows = [{"ward": ward.id, "label": label, "admitted_on": long_ago}
            for label in MORE_RESIDENTS.get(ward.name, [])]
    for moved_out, moved_in, month in MOVES.get(ward.name, []):
        move = month_start(start, -month) + dt.timedelta(days=12)
        rows.append({"ward": ward.id, "label": moved_out, "admitted_on": long_ago,
                     "discharged_on": move - dt.timedelta(days=8)})
        rows.append({"ward": ward.id, "label": moved_in, "admitted_on": move})
    Resident.insert_many(rows).execute()
    return list(Resident.select().where(Resident.ward == ward).order_by(Resident.id))


def _dialogue_times(resident: Resident, first: dt.date, now: dt.datetime,
                    rng: random.Random) -> dt.datetime | None:
    """When in the month starting ``first`` the resident had a dialogue, if they did."""
    last = month_start(first, -1) - dt.timedelta(days=1)
    begin = max(first, resident.admitted_on or first)
    end = min(last, resident.discharged_on or last, (now - dt.timedelta(hours=3)).date())
    if end < begin or rng.random() < 0.1:
        return None
    day = begin + dt.timedelta(days=rng.randint(0, (end - begin).days))
    moment = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=rng.randint(0, 360))
    return min(moment, now - dt.timedelta(hours=3))


def _module(definition: Definition, ward_state: dict, when: dt.datetime) -> str | None:
    """The rotating module, chosen as survey.rotation does, from the history so far."""
    codes = [module["code"] for module in definition.modules]
    if not codes:
        return None
    quarter = quarter_start(when.date())
    used: Counter = ward_state.setdefault(quarter, Counter())
    last_used = ward_state.setdefault("last", {})
    never = dt.datetime.min
    code = min(codes, key=lambda c: (used[c], last_used.get(c, never), codes.index(c)))
    used[code] += 1
    last_used[code] = when
    return code


def _share_positive(ward: Ward, item: dict, when: dt.datetime, change: dt.date) -> float:
    share = POSITIVE.get(ward.name, 0.55)
    if ward.name == "Hus A" and "selvbestemmelse" in item.get("markers", []):
        share = IMPROVED if when.date() >= change else share - 0.06
    if "kontinuitet" in item.get("markers", []):
        share -= 0.05
    return share


def answer_columns(item: dict, definition: Definition, share: float, rng: random.Random) -> dict | None:
    """Answer columns for one item, with the given chance of the positive answer."""
    kind = item_type(item)
    if kind.free_text:
        return kind.to_columns(rng.choice(THOUGHTS)) if rng.random() < 0.6 else None
    coding = coding_of(item, definition)
    choices = [c.code for c in kind.choices(item, definition, definition.languages[0])]
    if coding is None:
        valid = [c for c in choices if c]
        if not valid:
            return None
        return kind.to_columns([rng.choice(valid)] if kind.name == "multiple" else rng.choice(valid))
    if coding.missing and rng.random() < 0.05:
        return kind.to_columns(rng.choice(sorted(coding.missing)))
    roll = rng.random()
    if roll < share:
        return kind.to_columns(min(coding.positive))
    middle = [c for c in choices if c not in coding.positive | coding.negative | coding.missing]
    if middle and roll < share + (1 - share) * 0.6:
        return kind.to_columns(rng.choice(middle))
    return kind.to_columns(min(coding.negative))


def _plan_ward(plan: Plan, residents: list[Resident], now: dt.datetime,
               rng: random.Random) -> None:
    definition = definition_of(plan.questionnaire)
    today = now.date()
    change = change_started(today)
    rotation: dict = {}
    open_actions: dict[int, list[int]] = defaultdict(list)
    for back in range(MONTHS - 1, -1, -1):
        first = month_start(today, back)
        held = [(when, resident) for resident in residents
                if (when := _dialogue_times(resident, first, now, rng)) is not None]
        for when, resident in sorted(held, key=lambda pair: (pair[0], pair[1].id)):
            index = len(plan.dialogues)
            module = _module(definition, rotation, when)
            plan.dialogues.append({
                "questionnaire": plan.questionnaire.id, "ward": plan.ward.id,
                "kind": plan.questionnaire.kind, "status": ResponseStatus.COMPLETE,
                "language": "da", "answered_by": rng.choice(ANSWERERS), "resident": resident.id,
                "staff": plan.staff.id, "module": module, "current_item": None,
                "started_at": when, "updated_at": when + dt.timedelta(minutes=15),
                "finished_at": when + dt.timedelta(minutes=15),
            })
            for action in open_actions.pop(resident.id, []):
                # Most agreements are followed up; a few are forgotten and stay open.
                if rng.random() < 0.9:
                    position, what, _none, _status = plan.actions[action]
                    plan.actions[action] = (position, what, index, rng.choice(FOLLOW_UPS))
            if rng.random() < 0.6:
                open_actions[resident.id].append(len(plan.actions))
                plan.actions.append((index, rng.choice(AGREEMENTS), None, ActionStatus.OPEN))
            plan.answers.append(_answers(plan, definition, module, when, change, rng))


def _answers(plan: Plan, definition: Definition, module: str | None, when: dt.datetime,
             change: dt.date, rng: random.Random) -> list[dict]:
    """Answer the items in order: a condition (show_if) reads the answers before it."""
    answers: dict[str, Answer] = {}
    asked: set[str] = set()
    rows = []
    while True:
        pending = [item for item in applicable_items(definition, answers, module)
                   if item["code"] not in asked]
        if not pending:
            return rows
        item = pending[0]
        asked.add(item["code"])
        columns = answer_columns(item, definition, _share_positive(plan.ward, item, when, change), rng)
        if columns is None:
            continue
        answers[item["code"]] = Answer(item_code=item["code"], **columns)
        rows.append({"item_code": item["code"], "answered_at": when + dt.timedelta(
            minutes=len(asked)), **columns})


def _insert(plan: Plan) -> None:
    for start in range(0, len(plan.dialogues), BATCH):
        Response.insert_many(plan.dialogues[start:start + BATCH]).execute()
    ids = {(resident, started): response_id for response_id, resident, started in
           Response.select(Response.id, Response.resident, Response.started_at)
           .where(Response.ward == plan.ward).tuples()}
    response_ids = [ids[(d["resident"], d["started_at"])] for d in plan.dialogues]
    answers = [{**row, "response": response_ids[index]}
               for index, rows in enumerate(plan.answers) for row in rows]
    for start in range(0, len(answers), BATCH):
        Answer.insert_many(answers[start:start + BATCH]).execute()
    actions = []
    for index, what, followed_in, status in plan.actions:
        dialogue = plan.dialogues[index]
        followed = plan.dialogues[followed_in] if followed_in is not None else None
        actions.append({
            "response": response_ids[index], "resident": dialogue["resident"], "what": what,
            "who": plan.staff.display_name, "created_at": dialogue["started_at"],
            "due_on": dialogue["started_at"].date() + dt.timedelta(days=21), "status": status,
            "followed_up_in": response_ids[followed_in] if followed_in is not None else None,
            "followed_up_at": followed["started_at"] if followed else None,
        })
    for start in range(0, len(actions), BATCH):
        AgreedAction.insert_many(actions[start:start + BATCH]).execute()


def _questionnaire_for(ward: Ward, fallback: Questionnaire) -> Questionnaire:
    """Botilbud talk with their residents in "botilbud", when that questionnaire is in use."""
    if ward.site.name.endswith("Botilbud"):
        own = Questionnaire.get_or_none(Questionnaire.code == "botilbud",
                                        Questionnaire.current == True)  # noqa: E712
        if own is not None:
            return own
    return fallback


def load_history(wards: dict[str, Ward], staff: dict[str, User], questionnaire: Questionnaire,
                 quality: User | None = None, now: dt.datetime | None = None,
                 seed: int = 2025) -> None:
    """Add two years of dialogues, agreements, relatives' waves, staff pulses and change marks."""
    now = now or utcnow()
    rng = random.Random(seed)
    today = now.date()
    with db.atomic():
        for name, ward in wards.items():
            worker = staff["bo"] if name == "Team Nord" else staff["anna"]
            plan = Plan(ward, _questionnaire_for(ward, questionnaire), worker)
            _plan_ward(plan, _residents(ward, month_start(today, MONTHS - 1)), now, rng)
            _insert(plan)
        # Imported here: demo_relatives and demo_staff build on this module's answer generator.
        from .demo_relatives import load_relatives_history
        from .demo_staff import load_staff_history

        load_relatives_history(list(wards.values()), quality, now, rng)
        load_staff_history(list(wards.values()), quality, now, rng)
        Annotation.insert_many([
            {"ward": wards["Hus A"].id, "started_on": change_started(today), "created_by": quality,
             "title": "Beboerne vælger selv tidspunkt for morgenpleje",
             "note": "PDSA: morgenplejen planlægges efter beboerens ønske, ikke vagtplanen.",
             "created_at": now},
            {"ward": wards["Hus B"].id, "started_on": month_start(today, 14), "created_by": quality,
             "title": "Fast kontaktperson til alle beboere",
             "note": "Hver beboer får én fast kontaktperson i dagvagten.", "created_at": now},
        ]).execute()
