"""One Excel workbook: the wide data, the codebook and the indicators, one sheet each.

openpyxl's write-only mode streams rows to disk as they come, so memory stays flat.
Cells keep their types (numbers as numbers, times as dates); every coded answer has a
label column beside it, so the sheet reads in Excel without the codebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from . import codebook, indicator_table, wide
from .filters import ExportFilter
from .safety import neutralise
from .stream import Counter

DATE_FORMAT = "yyyy-mm-dd hh:mm"
BOLD = Font(bold=True)


def cell_value(value: Any) -> Any:
    """A value as Excel should hold it: typed, with text made inert and printable."""
    if isinstance(value, str):
        # Excel refuses control characters; a pasted one must not break the file.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _append_rows(sheet, header: list[str], rows: Iterable[list[Any]], counter: Counter | None) -> None:
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=cell_value(name))
        cell.font = BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(cell_value(value))
        sheet.append(cells)
        if counter is not None:
            counter.rows += 1


def write_xlsx(out: BinaryIO, export_filter: ExportFilter, counter: Counter | None = None) -> int:
    """Write the workbook to ``out``; return (and count) the number of data rows."""
    counter = counter or Counter()
    columns = wide.item_columns(export_filter)
    book = codebook.document(export_filter)
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("data")
    data.freeze_panes = "A2"
    _append_rows(data, wide.header(columns, labels=True),
                 wide.rows(export_filter, columns, labels=True), counter)
    sheet = workbook.create_sheet("codebook")
    sheet.freeze_panes = "A2"
    _append_rows(sheet, codebook.header(book["codebook"]["languages"]), codebook.rows(book), None)
    sheet = workbook.create_sheet("indicators")
    sheet.freeze_panes = "A2"
    _append_rows(sheet, indicator_table.HEADER, indicator_table.rows(export_filter), None)
    workbook.save(out)
    return counter.rows
