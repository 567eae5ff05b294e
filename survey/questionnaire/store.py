"""Questionnaire versions in the database, kept in step with the shipped files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from peewee import IntegrityError, fn

from ..db import db
from ..models import Questionnaire
from .definition import Definition
from .format import Problem, load_all


class InvalidQuestionnaires(Exception):
    """Shipped questionnaire files have problems; the app must not start on them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def load_checked(directory: str | Path) -> list[Definition]:
    """Read every file in the folder; raise InvalidQuestionnaires if any has a problem."""
    definitions, problems = load_all([Path(directory)])
    if problems:
        raise InvalidQuestionnaires(problems)
    return definitions


def _version_of(definition: Definition) -> Questionnaire:
    existing = Questionnaire.get_or_none(
        Questionnaire.code == definition.code,
        Questionnaire.content_hash == definition.content_hash,
    )
    if existing is not None:
        return existing
    latest = (
        Questionnaire.select(fn.MAX(Questionnaire.version))
        .where(Questionnaire.code == definition.code)
        .scalar()
    )
    return Questionnaire.create(
        code=definition.code,
        version=(latest or 0) + 1,
        file_version=definition.data["version"],
        content_hash=definition.content_hash,
        kind=definition.kind,
        definition=definition.to_json(),
    )


def sync(definitions: list[Definition]) -> list[Questionnaire]:
    """Store a new version for every changed file and mark the shipped versions current."""
    stored = []
    for definition in definitions:
        for attempt in range(3):
            try:
                with db.atomic():
                    version = _version_of(definition)
                    Questionnaire.update(current=(Questionnaire.id == version.id)).where(
                        Questionnaire.code == definition.code
                    ).execute()
                break
            except IntegrityError:
                # Another worker stored the same version at the same moment: read theirs.
                if attempt == 2:
                    raise
        stored.append(version)
    shipped = [definition.code for definition in definitions]
    Questionnaire.update(current=False).where(Questionnaire.code.not_in(shipped)).execute()
    return stored


@lru_cache(maxsize=256)
def _parsed(questionnaire_id: int, text: str) -> Definition:
    return Definition.from_json(text)


def definition_of(questionnaire: Questionnaire) -> Definition:
    """Return the parsed definition of a stored version (parsed once per process)."""
    return _parsed(questionnaire.id, questionnaire.definition)


#: Parsed definitions by version id, per bound database (tests bind a new one per app).
_BY_ID: WeakKeyDictionary[object, dict[int, Definition]] = WeakKeyDictionary()


def definition_by_id(questionnaire_id: int) -> Definition:
    """Return the parsed definition of a stored version by its id, without a query after
    the first time in this process.

    A stored version never changes (a changed file is a new version with a new id), so a
    version id always means the same definition.
    """
    cache = _BY_ID.setdefault(db.obj, {})
    definition = cache.get(questionnaire_id)
    if definition is None:
        text = (Questionnaire.select(Questionnaire.definition)
                .where(Questionnaire.id == questionnaire_id).scalar())
        definition = cache.setdefault(questionnaire_id, _parsed(questionnaire_id, text))
    return definition
