"""`survey export xlsx`: one workbook, read back with openpyxl as Excel would open it."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from survey.models import Response
from tests.export_support import make_response, quality_user, run_export


def workbook(runner, tmp_path, *extra: str):
    out, _ = run_export(runner, tmp_path, "xlsx", "--questionnaire", "min-hverdag", *extra,
                        name="export.xlsx")
    return load_workbook(out)


def sheet_rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_workbook_has_data_codebook_and_indicator_sheets(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    book = workbook(runner, tmp_path)
    assert book.sheetnames == ["data", "codebook", "indicators"]
    codebook = sheet_rows(book["codebook"])
    assert any(row["record"] == "item" and row["name"] == "sb_dag" for row in codebook)
    assert any(row["record"] == "indicator" for row in codebook)
    assert sheet_rows(book["indicators"])[0]["suppressed"] is True


def test_data_sheet_matches_the_database_with_typed_cells_and_labels(runner, tmp_path, world, min_hverdag):
    quality_user()
    made = make_response(min_hverdag, world.ward, {"sb_dag": 1, "sb_mad": 9, "ko_kontakt": 0})
    rows = sheet_rows(workbook(runner, tmp_path)["data"])
    assert len(rows) == Response.select().count() == 1
    row = rows[0]
    assert row["response_id"] == made.id
    assert row["sb_dag"] == 1 and isinstance(row["sb_dag"], int)
    assert (row["sb_dag_label"], row["sb_mad_label"], row["ko_kontakt_label"]) == (
        "Ja", "Vil ikke svare", "Nej")
    assert row["started"] == dt.datetime(2026, 2, 3, 10, 0)
    assert row["finished"] == dt.datetime(2026, 2, 3, 10, 12)
    assert row["tryg"] is None


def test_dates_are_dates_in_excel(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    sheet = workbook(runner, tmp_path)["data"]
    header = [cell.value for cell in sheet[1]]
    started = sheet.cell(row=2, column=header.index("started") + 1)
    assert started.is_date and started.number_format == "yyyy-mm-dd hh:mm"


def test_formula_text_stays_text_in_excel(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1, "vigtigt": "=1+1"})
    make_response(min_hverdag, world.ward, {"sb_dag": 1, "vigtigt": "@SUM(A1)\x07"})
    sheet = workbook(runner, tmp_path, "--include-free-text")["data"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("vigtigt") + 1
    cells = [sheet.cell(row=row, column=column) for row in (2, 3)]
    assert [cell.value for cell in cells] == ["'=1+1", "'@SUM(A1)"]
    assert all(cell.data_type == "s" for cell in cells)
