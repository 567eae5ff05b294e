"""`survey export indicators`: ward × period × indicator with site and organisation totals,
small groups suppressed in the file as on the page."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd

from survey.models import Resident, Site, Ward
from tests.export_support import make_response, quality_user, run_export
from tests.quality_data import staff_answers

INDICATOR = "min-hverdag:selvbestemmelse"


def indicator_rows(runner, tmp_path, *extra: str) -> dict[tuple[str, str, str], dict[str, str]]:
    out, _ = run_export(runner, tmp_path, "indicators", "--questionnaire", "min-hverdag", *extra)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["level"], row["site"], row["ward"]): row for row in rows
            if row["indicator"] == INDICATOR and row["series"] == "resident"
            and row["period"] == "2026-Q1"}


def answers_on(ward, min_hverdag, count: int, value: int = 1) -> None:
    for _ in range(count):
        make_response(min_hverdag, ward, {"sb_dag": value})


def test_a_ward_with_one_answer_too_few_is_suppressed_without_numbers(runner, tmp_path, world, min_hverdag):
    quality_user()
    answers_on(world.ward, min_hverdag, 4)
    row = indicator_rows(runner, tmp_path)[("ward", "Solhaven", "Hus A")]
    assert (row["suppressed"], row["suppression_reason"]) == ("true", "primary")
    numbers = ("numerator", "denominator", "value", "n", "negative", "missing")
    assert [row[name] for name in numbers] == [""] * 6


def test_a_ward_with_exactly_the_minimum_is_shown(runner, tmp_path, world, min_hverdag):
    quality_user()
    answers_on(world.ward, min_hverdag, 4, value=1)
    answers_on(world.ward, min_hverdag, 1, value=3)
    row = indicator_rows(runner, tmp_path)[("ward", "Solhaven", "Hus A")]
    assert row["suppressed"] == "false"
    assert (row["numerator"], row["denominator"], row["value"], row["n"], row["negative"]) == (
        "4", "5", "0.8", "5", "1")


def test_the_minimum_comes_from_the_settings(app, runner, tmp_path, world, min_hverdag):
    app.config["SUPPRESSION_MIN_N"] = 6
    quality_user()
    answers_on(world.ward, min_hverdag, 5)
    assert indicator_rows(runner, tmp_path)[("ward", "Solhaven", "Hus A")]["suppressed"] == "true"


def test_a_hidden_ward_cannot_be_recovered_from_the_site_total(runner, tmp_path, world, min_hverdag):
    quality_user()
    answers_on(world.ward, min_hverdag, 4)
    answers_on(world.other_ward, min_hverdag, 6)
    rows = indicator_rows(runner, tmp_path)
    assert rows[("ward", "Solhaven", "Hus A")]["suppression_reason"] == "primary"
    assert rows[("ward", "Solhaven", "Hus B")]["suppression_reason"] == "secondary"
    assert rows[("ward", "Solhaven", "Hus B")]["n"] == ""
    site = rows[("site", "Solhaven", "")]
    assert (site["suppressed"], site["n"], site["numerator"]) == ("false", "10", "10")
    assert rows[("organisation", "", "")]["n"] == "10"


def test_a_ward_filter_cannot_undo_the_secondary_suppression(runner, tmp_path, world, min_hverdag):
    quality_user()
    answers_on(world.ward, min_hverdag, 4)
    answers_on(world.other_ward, min_hverdag, 6)
    rows = indicator_rows(runner, tmp_path, "--ward", str(world.other_ward.id))
    assert set(rows) == {("ward", "Solhaven", "Hus B"), ("site", "Solhaven", ""), ("organisation", "", "")}
    assert rows[("ward", "Solhaven", "Hus B")]["suppressed"] == "true"


def test_sites_roll_up_into_the_organisation(runner, tmp_path, world, min_hverdag):
    quality_user()
    elsewhere = Ward.create(site=Site.create(name="Egebo"), name="Stuen")
    answers_on(world.ward, min_hverdag, 5, value=1)
    answers_on(world.other_ward, min_hverdag, 5, value=3)
    answers_on(elsewhere, min_hverdag, 6, value=1)
    rows = indicator_rows(runner, tmp_path)
    assert rows[("site", "Egebo", "")]["n"] == "6"
    organisation = rows[("organisation", "", "")]
    assert (organisation["numerator"], organisation["n"]) == ("11", "16")


def test_indicators_read_by_pandas_keep_their_types(runner, tmp_path, world, min_hverdag):
    quality_user()
    answers_on(world.ward, min_hverdag, 5)
    out, _ = run_export(runner, tmp_path, "indicators", "--questionnaire", "min-hverdag",
                        "--granularity", "month")
    frame = pd.read_csv(out)
    shown = frame[(frame["indicator"] == INDICATOR) & (frame["level"] == "ward")]
    assert shown["period"].tolist() == ["2026-02"]
    assert shown["value"].tolist() == [1.0] and shown["suppressed"].tolist() == [False]


def test_the_staff_pulse_export_has_its_staff_series_and_no_dialogue_figures(
        runner, tmp_path, world, personale):
    quality_user()
    # Residents live on the ward, yet no staff answer is a dialogue with one of them.
    Resident.update(admitted_on=dt.date(2025, 1, 1)).execute()
    staff_answers(personale, world.ward, "2026-02", agree=4, disagree=1)
    out, _ = run_export(runner, tmp_path, "indicators", "--questionnaire", "personale")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["series"] for row in rows} == {"staff"}
    assert not [row for row in rows if row["indicator"].startswith("process:")]
