"""The wide data: one row per response, one column per item code, value codes in cells.

Answers come out of the database ordered by response, so a response's row is complete
when the next response begins: only one row is ever held.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import JOIN

from ..models import Answer, Questionnaire, Response, Site, Ward
from .catalogue import ItemInfo, columns_of
from .filters import ExportFilter, FilterError
from .periods import quarter_of
from .stream import Counter, as_datetime, csv_chunks, tuples

#: Response metadata before the item columns: (name, Table Schema type, description).
META = [
    ("response_id", "integer", "Response number (the same in every export)"),
    ("questionnaire_code", "string", "Questionnaire"),
    ("questionnaire_version", "integer", "Questionnaire version the answers were given under"),
    ("site", "string", "Site (care home or facility)"),
    ("ward", "string", "Ward, house or team"),
    ("period", "string", "Quarter the response started in"),
    ("status", "string", "complete or in_progress"),
    ("answered_by", "string", "Who answered (resident, resident_assisted, relative_proxy, "
                              "staff_observation, relative, staff)"),
    ("language", "string", "Language the questions were put in"),
    ("started", "datetime", "When the response started (UTC)"),
    ("finished", "datetime", "When the response was finished (UTC); empty if not finished"),
]
META_NAMES = [name for name, _type, _description in META]


def item_columns(export_filter: ExportFilter) -> list[ItemInfo]:
    """The item columns of the filter's questionnaire (a wide table needs exactly one)."""
    if export_filter.questionnaire is None:
        raise FilterError("choose a questionnaire: a wide table has one column per item")
    columns = columns_of(export_filter.questionnaire, export_filter.include_free_text)
    if not columns:
        raise FilterError(f"no questionnaire {export_filter.questionnaire!r}")
    return columns


def _answers(export_filter: ExportFilter):
    query = (
        Response.select(Response.id, Questionnaire.code, Questionnaire.version, Site.name,
                        Ward.name, Response.status, Response.answered_by, Response.language,
                        Response.started_at, Response.finished_at, Answer.item_code,
                        Answer.value_code, Answer.value_number, Answer.value_text)
        .join(Questionnaire)
        .switch(Response)
        .join(Ward)
        .join(Site)
        .switch(Response)
        .join(Answer, JOIN.LEFT_OUTER)
        .order_by(Response.id)
    )
    return tuples(export_filter.restrict(query))


def records(export_filter: ExportFilter) -> Iterator[tuple[list[Any], dict]]:
    """Yield (metadata cells, {item code: answer columns}) per response, in response order."""
    current_id = None
    meta: list[Any] = []
    answers: dict[str, tuple] = {}
    for row in _answers(export_filter):
        response_id = row[0]
        if response_id != current_id:
            if current_id is not None:
                yield meta, answers
            current_id, answers = response_id, {}
            (_id, code, version, site, ward, status, answered_by, language, started,
             finished) = row[:10]
            started = as_datetime(started)
            meta = [response_id, code, version, site, ward, quarter_of(started), str(status),
                    str(answered_by), language, started, as_datetime(finished)]
        if row[10] is not None:
            answers[row[10]] = row[11:14]
    if current_id is not None:
        yield meta, answers


def rows(export_filter: ExportFilter, columns: list[ItemInfo] | None = None,
         labels: bool = False) -> Iterator[list[Any]]:
    """Yield one typed row per response; with ``labels`` each coded item gets a label
    column after its code (for spreadsheets)."""
    columns = columns if columns is not None else item_columns(export_filter)
    for meta, answers in records(export_filter):
        row = list(meta)
        for info in columns:
            stored = answers.get(info.code)
            row.append(info.value(*stored) if stored else None)
            if labels and info.labels:
                row.append(info.label(*stored) if stored else None)
        yield row


def header(columns: list[ItemInfo], labels: bool = False) -> list[str]:
    """Column names: metadata, then item codes (and ``<code>_label`` with labels)."""
    names = list(META_NAMES)
    for info in columns:
        names.append(info.code)
        if labels and info.labels:
            names.append(f"{info.code}_label")
    return names


def chunks(export_filter: ExportFilter, counter: Counter) -> Iterator[str]:
    """The wide CSV as text chunks, rows counted in ``counter``."""
    columns = item_columns(export_filter)
    return csv_chunks(header(columns), rows(export_filter, columns), counter)
