"""`survey export csv-wide`: one row per response, read back with csv and pandas."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd

from survey.export.wide import META_NAMES
from survey.models import Answer, Response, Ward
from tests.export_support import make_response, quality_user, run_export

ITEMS = ["sb_dag", "sb_mad", "sb_spurgt", "ko_kender", "ko_vaner", "ko_kontakt",
         "ko_kontakt_tale", "ko_aftaler", "tryg"]


def read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_wide_has_one_row_per_response_and_one_column_per_item(runner, tmp_path, world, min_hverdag):
    quality_user()
    first = make_response(min_hverdag, world.ward, {"sb_dag": 1, "tryg": 3, "vigtigt": "hej"})
    second = make_response(min_hverdag, world.other_ward, {"sb_dag": 9, "ko_kontakt": 0},
                           answered_by="relative_proxy", language="en", finished=False)
    out, result = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag")
    rows = read(out)
    assert "2 row(s) written" in result.output
    assert list(rows[0]) == META_NAMES + ITEMS
    by_id = {int(row["response_id"]): row for row in rows}
    row = by_id[first.id]
    assert (row["site"], row["ward"], row["period"], row["status"]) == ("Solhaven", "Hus A", "2026-Q1",
                                                                        "complete")
    assert (row["sb_dag"], row["tryg"], row["sb_mad"]) == ("1", "3", "")
    assert row["started"] == "2026-02-03T10:00:00" and row["finished"] == "2026-02-03T10:12:00"
    other = by_id[second.id]
    assert (other["answered_by"], other["language"], other["finished"]) == ("relative_proxy", "en", "")
    assert (other["sb_dag"], other["ko_kontakt"]) == ("9", "0")


def test_wide_read_by_pandas_matches_the_database(runner, tmp_path, world, min_hverdag):
    quality_user()
    for value in (1, 2, 3, 8):
        make_response(min_hverdag, world.ward, {"sb_dag": value, "sb_mad": 1})
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag")
    frame = pd.read_csv(out, parse_dates=["started", "finished"])
    assert len(frame) == Response.select().count() == 4
    stored = {(a.response_id, a.item_code): a.value_code for a in Answer.select()}
    for record in frame.to_dict("records"):
        for item in ("sb_dag", "sb_mad"):
            assert record[item] == stored[(record["response_id"], item)]
    assert frame["sb_dag"].dtype.kind == "i"
    assert frame["started"].iloc[0] == pd.Timestamp(2026, 2, 3, 10, 0)


def test_wide_leaves_free_text_out_unless_asked(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1, "vigtigt": "=HYPERLINK(\"http://x\")"})
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag")
    assert "vigtigt" not in out.read_text(encoding="utf-8")
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag",
                        "--include-free-text")
    assert read(out)[0]["vigtigt"] == "'=HYPERLINK(\"http://x\")"


def test_formula_in_a_ward_name_is_made_inert(runner, tmp_path, world, min_hverdag):
    quality_user()
    Ward.update(name="=cmd|' /C calc'!A0").where(Ward.id == world.ward.id).execute()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag")
    assert read(out)[0]["ward"] == "'=cmd|' /C calc'!A0"


def test_wards_and_period_range_limit_the_rows(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1}, started=dt.datetime(2025, 12, 31, 23, 0))
    kept = make_response(min_hverdag, world.ward, {"sb_dag": 2}, started=dt.datetime(2026, 1, 1, 0, 0))
    make_response(min_hverdag, world.ward, {"sb_dag": 3}, started=dt.datetime(2026, 4, 1, 0, 0))
    make_response(min_hverdag, world.other_ward, {"sb_dag": 1}, started=dt.datetime(2026, 2, 1))
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag",
                        "--ward", str(world.ward.id), "--from", "2026-01", "--to", "2026-Q1")
    assert [int(row["response_id"]) for row in read(out)] == [kept.id]


def test_wide_needs_a_questionnaire(runner, tmp_path, world):
    quality_user()
    out, result = run_export(runner, tmp_path, "csv-wide", expect_ok=False)
    assert result.exit_code != 0
    assert "choose a questionnaire" in result.output
    assert not out.exists()


def test_a_wrong_period_is_refused_with_a_message(runner, tmp_path, world):
    quality_user()
    _, result = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag",
                           "--from", "last spring", expect_ok=False)
    assert result.exit_code == 2
    assert "write 2026, 2026-Q1 or 2026-03" in result.output
