"""`survey export --format csv-long`: one row per answer, read back as analysts would."""

from __future__ import annotations

import csv

import pandas as pd

from survey.export.csv_long import COLUMNS
from survey.export.safety import neutralise
from survey.models import Answer
from tests.export_support import quality_user
from tests.test_dialogue_flow import item_url, tap


def export(runner, tmp_path, *extra: str):
    if not quality_user_exists():
        quality_user()
    out = tmp_path / "answers.csv"
    result = runner.invoke(args=["export", "--format", "csv-long", "--out", str(out),
                                 "--user", "kvalitet", *extra])
    assert result.exit_code == 0, result.output
    return out, result


def quality_user_exists() -> bool:
    from survey.models import User

    return User.select().where(User.username == "kvalitet").exists()


def test_export_has_one_row_per_coded_answer_with_labels(runner, tmp_path, signed_in, start_dialogue, world):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    tap(signed_in, response, "sb_mad", 9, answered_by="resident_assisted")
    tap(signed_in, response, "ko_kontakt", 0)
    out, result = export(runner, tmp_path)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS
    assert "3 row(s) written" in result.output
    by_item = {row["item_code"]: row for row in rows}
    assert by_item["sb_dag"]["value_code"] == "1"
    assert by_item["sb_dag"]["value_label"] == "Ja"
    assert by_item["sb_mad"]["value_label"] == "Vil ikke svare"
    assert by_item["sb_mad"]["answered_by"] == "resident_assisted"
    assert by_item["sb_dag"]["answered_by"] == "resident"
    assert by_item["ko_kontakt"]["value_label"] == "Nej"
    row = by_item["sb_dag"]
    assert (row["site"], row["ward"], row["language"]) == ("Solhaven", "Hus A", "da")
    assert row["questionnaire_code"] == "min-hverdag" and row["questionnaire_version"] == "1"
    assert row["response_id"] == str(response.id)
    saved = Answer.get(Answer.item_code == "sb_dag")
    assert row["period"] == f"{response.started_at.year}-Q{(response.started_at.month - 1) // 3 + 1}"
    assert row["answered_at"] == saved.answered_at.isoformat(timespec="seconds")


def test_export_reads_into_pandas_with_the_database_counts(runner, tmp_path, signed_in, start_dialogue):
    for value in (1, 2, 3):
        response = start_dialogue()
        tap(signed_in, response, "sb_dag", value)
        tap(signed_in, response, "tryg", 1)
    out, _ = export(runner, tmp_path)
    frame = pd.read_csv(out)
    assert len(frame) == Answer.select().count() == 6
    assert frame.groupby("item_code")["value_code"].apply(sorted).to_dict() == {
        "sb_dag": [1, 2, 3], "tryg": [1, 1, 1]}


def test_free_text_is_left_out_unless_asked_for(runner, tmp_path, signed_in, start_dialogue):
    response = start_dialogue()
    signed_in.post(item_url(response, "vigtigt"), {"value": "=HYPERLINK(\"x\")"})
    out, _ = export(runner, tmp_path)
    assert "vigtigt" not in out.read_text(encoding="utf-8")
    out, _ = export(runner, tmp_path, "--include-free-text")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["item_code"] == "vigtigt"
    assert rows[0]["value_label"] == "'=HYPERLINK(\"x\")"


def test_export_can_be_limited_to_one_questionnaire(runner, tmp_path, signed_in, start_dialogue):
    response = start_dialogue()
    tap(signed_in, response, "sb_dag", 1)
    out, result = export(runner, tmp_path, "--questionnaire", "another-code")
    assert out.read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]
    assert "0 row(s) written" in result.output


def test_formula_like_text_is_neutralised_but_negative_numbers_stay():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("+45 1234") == "'+45 1234"
    assert neutralise("-3") == "-3"
    assert neutralise("Ja") == "Ja"
