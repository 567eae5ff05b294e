"""The long CSV: one row per answer, streamed so memory stays flat."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from ..models import Answer, Questionnaire, Response, Site, Ward
from ..questionnaire.items import item_type
from ..questionnaire.store import definition_of
from .periods import quarter_of
from .safety import neutralise

COLUMNS = [
    "response_id", "questionnaire_code", "questionnaire_version", "site", "ward", "period",
    "answered_by", "language", "item_code", "value_code", "value_label", "answered_at",
]

#: Rows fetched from the database at a time.
BATCH = 2000


def _answers(questionnaire_code: str | None):
    query = (
        Answer.select(Answer, Response, Questionnaire, Ward, Site)
        .join(Response)
        .join(Questionnaire)
        .switch(Response)
        .join(Ward)
        .join(Site)
        .order_by(Response.id, Answer.id)
    )
    if questionnaire_code:
        query = query.where(Questionnaire.code == questionnaire_code)
    return query.objects().iterator()


def rows(questionnaire_code: str | None = None, include_free_text: bool = False) -> Iterator[list[str]]:
    """Yield one row per answer; free text only when asked for."""
    for answer in _answers(questionnaire_code):
        response = answer.response
        definition = definition_of(response.questionnaire)
        item = definition.item(answer.item_code)
        if item is None:
            continue
        kind = item_type(item)
        if kind.free_text and not include_free_text:
            continue
        label_language = definition.languages[0]
        yield [
            str(response.id),
            response.questionnaire.code,
            str(response.questionnaire.version),
            response.ward.site.name,
            response.ward.name,
            quarter_of(response.started_at),
            (answer.answered_by or response.answered_by).value,
            response.language,
            answer.item_code,
            kind.export_code(answer),
            kind.label(answer, item, definition, label_language),
            answer.answered_at.isoformat(timespec="seconds"),
        ]


def write_csv_long(out: TextIO, questionnaire_code: str | None = None,
                   include_free_text: bool = False) -> int:
    """Write the long CSV to ``out``; return the number of answer rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows(questionnaire_code, include_free_text):
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count
