"""What a load run starts from: a fresh database, the questionnaires, two years of finished
dialogues for the export to read, a quality user, and relatives' letters."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path

from .harness import PROJECT_DIR, QUESTIONNAIRE_DIR, SECRET_KEY, Seeded, fresh_postgres_schema


def questionnaire_dir(workdir: Path) -> Path:
    """The frozen dialogue questionnaire plus the shipped relatives' one."""
    folder = workdir / "questionnaires"
    folder.mkdir()
    shutil.copy(QUESTIONNAIRE_DIR / "min-hverdag.toml", folder)
    shutil.copy(PROJECT_DIR / "questionnaires" / "paaroerende.toml", folder)
    return folder


def database_url(backend: str, workdir: Path, postgres_url: str) -> str:
    """A fresh SQLite file, or a fresh PostgreSQL schema of its own."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'survey.db'}"
    return fresh_postgres_schema(postgres_url, f"bench_{os.getpid()}")


def seed_history(months: int, staff_id: int) -> int:
    """Finished dialogues, one a month for every resident over ``months`` months: what a full
    export reads while the day's load goes on. Returns the number of answers."""
    from survey.db import db
    from survey.demo_history import BATCH, answer_columns
    from survey.models import Answer, AnsweredBy, Questionnaire, Resident, Response, ResponseStatus
    from survey.questionnaire.store import definition_of
    from survey.responses import applicable_items

    questionnaire = Questionnaire.get(Questionnaire.code == "min-hverdag",
                                      Questionnaire.current == True)  # noqa: E712
    definition = definition_of(questionnaire)
    items = applicable_items(definition, {}, None)
    rng, now, answers = random.Random(8), dt.datetime.now(dt.UTC).replace(tzinfo=None), 0
    with db.atomic():
        for resident in Resident.select():
            for month in range(1, months + 1):
                when = now - dt.timedelta(days=30.4 * month)
                response = Response.create(
                    questionnaire=questionnaire, ward=resident.ward_id, kind=questionnaire.kind,
                    status=ResponseStatus.COMPLETE, language="da", answered_by=AnsweredBy.RESIDENT,
                    resident=resident, staff=staff_id, started_at=when, updated_at=when, finished_at=when)
                rows = [{"response": response.id, "item_code": item["code"], "revision": 1,
                         "answered_at": when, **columns}
                        for item in items if (columns := answer_columns(item, definition, 0.6, rng))]
                for start in range(0, len(rows), BATCH):
                    Answer.insert_many(rows[start:start + BATCH]).execute()
                answers += len(rows)
    return answers


def seed_extras(url: str, folder: Path, seeded: Seeded, relatives: int, history_months: int) -> list[str]:
    """A quality user for the export, the history it reads, and a relatives' wave with one
    letter per relative."""
    from survey import create_app
    from survey.db import db
    from survey.models import Ward
    from survey.relatives.waves import create_wave, letters
    from survey.users import create_user

    app = create_app({"SECRET_KEY": SECRET_KEY, "DATABASE_URL": url, "QUESTIONNAIRE_DIR": str(folder)})
    with app.app_context(), db.connection_context():
        create_user("quality", "Quality", "correct horse battery", ["quality"], [])
        seed_history(history_months, seeded.users[0][1])
        if relatives <= 0:
            return []
        wards = list(Ward.select().order_by(Ward.id))
        per_ward = -(-relatives // len(wards))
        today = dt.date.today()
        wave = create_wave("paaroerende", "Bench", wards, per_ward, today - dt.timedelta(days=1),
                           today + dt.timedelta(days=30), False, None)
        tokens = [letter.token for letter in letters(wave)][:relatives]
    db.close_all()
    return tokens
