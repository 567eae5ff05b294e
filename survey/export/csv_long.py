"""The long CSV: one row per answer, streamed so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from ..models import Answer, Questionnaire, Response, Site, Ward
from .catalogue import Catalogue
from .filters import ExportFilter
from .periods import quarter_of
from .stream import Counter, as_datetime, csv_chunks, tuples

COLUMNS = [
    "response_id", "questionnaire_code", "questionnaire_version", "site", "ward", "period",
    "answered_by", "language", "item_code", "value_code", "value_label", "answered_at",
]


def _answers(export_filter: ExportFilter):
    query = (
        Answer.select(Response.id, Questionnaire.id, Questionnaire.code, Questionnaire.version,
                      Site.name, Ward.name, Response.started_at, Answer.answered_by,
                      Response.answered_by, Response.language, Answer.item_code,
                      Answer.value_code, Answer.value_number, Answer.value_text,
                      Answer.answered_at)
        .join(Response)
        .join(Questionnaire)
        .switch(Response)
        .join(Ward)
        .join(Site)
        .order_by(Response.id, Answer.id)
    )
    return tuples(export_filter.restrict(query))


def rows(export_filter: ExportFilter | None = None) -> Iterator[list[Any]]:
    """Yield one row per answer; free text only when the filter asks for it."""
    export_filter = export_filter or ExportFilter()
    catalogue = Catalogue()
    current_id, period = None, ""
    for (response_id, questionnaire_id, code, version, site, ward, started_at, answer_by,
         response_by, language, item_code, value_code, value_number, value_text,
         answered_at) in _answers(export_filter):
        info = catalogue.item(questionnaire_id, item_code)
        if info is None or (info.free_text and not export_filter.include_free_text):
            continue
        if response_id != current_id:  # rows come by response: one period per response
            current_id, period = response_id, quarter_of(as_datetime(started_at))
        yield [
            response_id, code, version, site, ward, period, str(answer_by or response_by),
            language, item_code,
            "" if info.free_text else info.value(value_code, value_number, value_text),
            info.label(value_code, value_number, value_text),
            as_datetime(answered_at),
        ]


def chunks(export_filter: ExportFilter, counter: Counter) -> Iterator[str]:
    """The long CSV as text chunks, rows counted in ``counter``."""
    return csv_chunks(COLUMNS, rows(export_filter), counter)


def write_csv_long(out: TextIO, export_filter: ExportFilter | None = None) -> int:
    """Write the long CSV to ``out``; return the number of answer rows."""
    counter = Counter()
    for chunk in chunks(export_filter or ExportFilter(), counter):
        out.write(chunk)
    return counter.rows
