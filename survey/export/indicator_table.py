"""The indicators export: ward × period × indicator, with site and organisation totals.

Suppression is worked out over every ward before the filter picks rows, so two exports
with different ward filters cannot be subtracted from each other to reveal a hidden
ward: the totals always cover the whole site and the whole organisation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import current_app, has_app_context

from ..indicators import outcome_indicators, period_bounds, process_indicators
from ..models import Questionnaire, QuestionnaireKind, Ward
from ..suppression import DEFAULT_MIN_N, Cell, cells
from .filters import ExportFilter, FilterError
from .stream import Counter, csv_chunks

#: (name, Table Schema type, description)
COLUMNS = [
    ("questionnaire_code", "string", "Questionnaire"),
    ("level", "string", "ward, site or organisation"),
    ("site", "string", "Site (empty for the organisation)"),
    ("ward", "string", "Ward (empty for site and organisation totals)"),
    ("period", "string", "Period (2026-Q1 or 2026-03)"),
    ("indicator", "string", "Indicator code (see the codebook's indicator definitions)"),
    ("series", "string",
     "Whose answers: resident, proxy, relative, staff, or all (process indicators)"),
    ("numerator", "integer", "Positive answers (or what a process indicator counts)"),
    ("denominator", "integer", "Valid answers (or what a process indicator counts out of)"),
    ("value", "number", "numerator / denominator"),
    ("n", "integer", "Valid answers the value rests on"),
    ("negative", "integer", "Negative answers"),
    ("missing", "integer", "Answers with a missing code (don't know, rather not say, ...)"),
    ("suppressed", "boolean", "true when the cell is hidden to protect small groups"),
    ("suppression_reason", "string", "primary: fewer than the minimum answers; secondary: "
                                     "would let a hidden cell be worked out"),
]
HEADER = [name for name, _type, _description in COLUMNS]
LEVELS = {"ward": 0, "site": 1, "organisation": 2}


def min_n() -> int:
    """The smallest number of valid answers a shown cell may rest on (configurable)."""
    if has_app_context():
        return int(current_app.config.get("SUPPRESSION_MIN_N", DEFAULT_MIN_N))
    return DEFAULT_MIN_N


def _wanted(cell: Cell, export_filter: ExportFilter, sites: set[int]) -> bool:
    ranged = export_filter.period_from or export_filter.period_to
    if ranged and not export_filter.covers(period_bounds(cell.value.period)[0]):
        return False
    if export_filter.wards is None or cell.level == "organisation":
        return True
    if cell.level == "site":
        return cell.unit_id in sites
    return cell.unit_id in export_filter.wards


def _is_dialogue(questionnaire_code: str) -> bool:
    return Questionnaire.select().where(Questionnaire.code == questionnaire_code,
                                        Questionnaire.kind == QuestionnaireKind.DIALOGUE).exists()


def table(export_filter: ExportFilter) -> list[Cell]:
    """The cells the filter asks for, every small group suppressed."""
    code = export_filter.questionnaire
    if code is None:
        raise FilterError("choose a questionnaire: indicators are defined per questionnaire")
    values = outcome_indicators(code, export_filter.granularity)
    if _is_dialogue(code):
        # Coverage and follow-up count residents' dialogues (as in the codebook): a
        # relative's or a colleague's answer is no dialogue with a resident.
        values += process_indicators(code, export_filter.granularity)
    sites = set()
    if export_filter.wards is not None:
        sites = {ward.site_id for ward in Ward.select().where(Ward.id.in_(list(export_filter.wards)))}
    chosen = [cell for cell in cells(values, min_n()) if _wanted(cell, export_filter, sites)]
    return sorted(chosen, key=lambda cell: (cell.value.period, cell.value.indicator,
                                            cell.value.series, LEVELS[cell.level], cell.unit_name))


def _site_and_ward(cell: Cell) -> tuple[str | None, str | None]:
    if cell.level == "organisation":
        return None, None
    if cell.level == "site":
        return cell.unit_name, None
    site, _sep, ward = cell.unit_name.partition(" · ")
    return site, ward


def rows(export_filter: ExportFilter) -> Iterator[list[Any]]:
    """One row per cell; a suppressed cell shows no numbers at all, only that it is hidden."""
    for cell in table(export_filter):
        site, ward = _site_and_ward(cell)
        value = cell.value
        numbers = [value.numerator, value.denominator,
                   None if value.value is None else round(value.value, 4),
                   value.n, value.negative, value.missing]
        if cell.suppressed:
            numbers = [None] * len(numbers)
        yield [export_filter.questionnaire, cell.level, site, ward, value.period, value.indicator,
               value.series, *numbers, cell.suppressed, cell.reason]


def chunks(export_filter: ExportFilter, counter: Counter) -> Iterator[str]:
    """The indicators as CSV text, rows counted in ``counter``."""
    if export_filter.questionnaire is None:
        raise FilterError("choose a questionnaire: indicators are defined per questionnaire")
    return csv_chunks(HEADER, rows(export_filter), counter)
