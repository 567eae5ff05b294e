"""Indicators against hand-computed fixtures (see the table in each test's docstring)."""

from __future__ import annotations

import datetime as dt

import pytest

from survey.indicators import (
    coding_of,
    indicator_keys,
    indicators,
    outcome_indicators,
    period_bounds,
    period_of,
    process_indicators,
)
from survey.models import ActionStatus, AgreedAction, Answer, Resident, Response
from survey.questionnaire.codebook import codebook
from survey.questionnaire.format import load_all
from tests.conftest import PROJECT_DIR

SHIPPED, _ = load_all([PROJECT_DIR / "questionnaires"])

JAN, FEB, MAR = dt.datetime(2026, 1, 10), dt.datetime(2026, 2, 5), dt.datetime(2026, 3, 1)


def dialogue(questionnaire, ward, resident, when, answered_by, answers, status="complete"):
    response = Response.create(questionnaire=questionnaire, ward=ward, kind="dialogue",
                               language="da", answered_by=answered_by, resident=resident,
                               status=status, started_at=when, updated_at=when)
    for code, value in answers.items():
        value, by = value if isinstance(value, tuple) else (value, None)
        Answer.create(response=response, item_code=code, value_code=value, answered_by=by,
                      answered_at=when)
    return response


@pytest.fixture
def history(app, world, min_hverdag):
    """Ward A, first quarter of 2026: four residents, three finished dialogues.

    R1 Jan (resident):          sb_dag=1 sb_mad=3 sb_spurgt=8 ko_kontakt=1 tryg=2
    R2 Feb (resident assisted): sb_dag=1 sb_mad=1 (staff observed this one) sb_spurgt=2
    R3 Mar (staff observation): sb_dag=3
    R4 Mar, not finished:       sb_dag=1 (never counted)
    """
    early = dt.datetime(2025, 1, 1)
    Resident.update(created_at=early).execute()
    first, second = world.resident, Resident.create(ward=world.ward, label="B", created_at=early)
    for label in ("C", "D"):
        Resident.create(ward=world.ward, label=label, created_at=early)
    r1 = dialogue(min_hverdag, world.ward, first, JAN, "resident",
                  {"sb_dag": 1, "sb_mad": 3, "sb_spurgt": 8, "ko_kontakt": 1, "tryg": 2})
    r2 = dialogue(min_hverdag, world.ward, second, FEB, "resident_assisted",
                  {"sb_dag": 1, "sb_mad": (1, "staff_observation"), "sb_spurgt": 2})
    r3 = dialogue(min_hverdag, world.ward, first, MAR, "staff_observation", {"sb_dag": 3})
    dialogue(min_hverdag, world.ward, second, MAR, "resident", {"sb_dag": 1}, status="in_progress")
    AgreedAction.create(response=r1, resident=first, what="Tur", status=ActionStatus.DONE,
                        followed_up_in=r3)
    AgreedAction.create(response=r1, resident=first, what="Kaffe")
    AgreedAction.create(response=r2, resident=second, what="Ikke forfalden")
    return world


def find(values, indicator, series="resident", period="2026-Q1", ward_id=None):
    matches = [v for v in values if (v.indicator, v.series, v.period) == (indicator, series, period)
               and ward_id in (None, v.ward_id)]
    assert len(matches) == 1, (indicator, series, period, values)
    return matches[0]


def counts(value):
    return value.numerator, value.denominator, value.negative, value.missing


def test_a_marker_counts_positive_negative_and_missing_answers_of_the_resident(history):
    values = outcome_indicators("min-hverdag")
    # sb_dag 1, 1 positive; sb_mad 3 negative; sb_spurgt 2 valid, 8 missing.
    assert counts(find(values, "marker:selvbestemmelse")) == (2, 4, 1, 1)
    value = find(values, "marker:selvbestemmelse")
    assert value.value == 0.5 and value.negative_share == 0.25 and value.missing_share == 0.2


def test_proxy_and_observation_answers_form_their_own_series(history):
    values = outcome_indicators("min-hverdag")
    # sb_mad=1 observed in R2 (positive); sb_dag=3 in R3, observed (negative).
    assert counts(find(values, "marker:selvbestemmelse", series="proxy")) == (1, 2, 1, 0)


def test_a_theme_gathers_its_markers(history):
    values = outcome_indicators("min-hverdag")
    # vaerdighed = respekt (sb_spurgt: 8 missing, 2 valid) + tryghed (tryg: 2 valid).
    assert counts(find(values, "theme:vaerdighed")) == (0, 2, 0, 1)
    assert counts(find(values, "theme:livskvalitet")) == (2, 4, 1, 1)


def test_yes_no_items_count_yes_as_positive(history):
    assert counts(find(outcome_indicators("min-hverdag"), "marker:kontinuitet")) == (1, 1, 0, 0)


def test_indicators_defined_in_the_file_are_computed_too(history):
    values = outcome_indicators("min-hverdag")
    assert counts(find(values, "min-hverdag:selvbestemmelse")) == (2, 4, 1, 1)
    assert counts(find(values, "min-hverdag:kontinuitet")) == (1, 1, 0, 0)


def test_unfinished_dialogues_are_not_counted(history):
    value = find(outcome_indicators("min-hverdag"), "marker:selvbestemmelse")
    assert len(value.responses) == 2


def test_months_split_what_quarters_join(history):
    values = outcome_indicators("min-hverdag", granularity="month")
    assert counts(find(values, "marker:selvbestemmelse", period="2026-01")) == (1, 2, 1, 1)
    assert counts(find(values, "marker:selvbestemmelse", period="2026-02")) == (1, 2, 0, 0)
    yearly = outcome_indicators("min-hverdag", granularity="year")
    assert counts(find(yearly, "marker:selvbestemmelse", period="2026")) == (2, 4, 1, 1)


def test_coverage_is_residents_with_a_finished_dialogue_out_of_residents_on_the_ward(history):
    values = process_indicators("min-hverdag")
    coverage = find(values, "process:coverage", series="all", ward_id=history.ward.id)
    assert (coverage.numerator, coverage.denominator) == (2, 4)
    other = find(values, "process:coverage", series="all", ward_id=history.other_ward.id)
    assert (other.numerator, other.denominator) == (0, 1)


def test_a_resident_discharged_before_the_period_is_not_on_the_ward(history):
    Resident.update(discharged_on=dt.date(2025, 12, 31)).where(Resident.label == "D").execute()
    coverage = find(process_indicators("min-hverdag"), "process:coverage", series="all",
                    ward_id=history.ward.id)
    assert (coverage.numerator, coverage.denominator) == (2, 3)


def test_follow_up_rate_counts_actions_due_at_the_next_dialogue(history):
    # R1 agreed two actions; R3 (res1's next dialogue) followed up one. R2's is not due yet.
    follow_up = find(process_indicators("min-hverdag"), "process:follow_up", series="all")
    assert (follow_up.numerator, follow_up.denominator) == (1, 2)


def test_who_answered_is_shared_out_over_the_finished_dialogues(history):
    values = process_indicators("min-hverdag")
    shares = {kind: (find(values, f"process:answered_by:{kind}", series="all").numerator)
              for kind in ("resident", "resident_assisted", "relative_proxy", "staff_observation")}
    assert shares == {"resident": 1, "resident_assisted": 1, "relative_proxy": 0,
                      "staff_observation": 1}
    assert find(values, "process:answered_by:resident", series="all").denominator == 3


def test_one_function_gives_outcome_and_process_indicators(history):
    names = {v.indicator for v in indicators("min-hverdag")}
    assert {"marker:selvbestemmelse", "process:coverage", "process:follow_up"} <= names


def test_other_wards_are_left_out_when_asked(history):
    assert outcome_indicators("min-hverdag", wards=[history.other_ward.id]) == []


@pytest.mark.parametrize("definition", SHIPPED, ids=[d.code for d in SHIPPED])
def test_a_file_indicator_counts_exactly_the_items_its_codebook_lists(definition):
    for entry in codebook(definition)["indicators"]:
        key = f"{definition.code}:{entry['code']}"
        counted = [item["code"] for item in definition.items
                   if coding_of(item, definition) and key in indicator_keys(item, definition)]
        assert sorted(counted) == sorted(entry["items"]), key


@pytest.mark.parametrize("definition", SHIPPED, ids=[d.code for d in SHIPPED])
def test_answers_count_as_positive_and_negative_as_the_codebook_says(definition):
    for entry in codebook(definition)["items"]:
        coding = coding_of(definition.item(entry["code"]), definition)
        counted = (sorted(coding.positive), sorted(coding.negative)) if coding else ([], [])
        assert counted == (sorted(entry["positive"]), sorted(entry["negative"])), entry["code"]


@pytest.mark.parametrize(("moment", "granularity", "period"), [
    (dt.date(2026, 11, 22), "month", "2026-11"),
    (dt.date(2026, 11, 22), "quarter", "2026-Q4"),
    (dt.date(2026, 1, 1), "quarter", "2026-Q1"),
    (dt.date(2026, 11, 22), "year", "2026"),
])
def test_periods_are_named_by_granularity(moment, granularity, period):
    assert period_of(moment, granularity) == period


@pytest.mark.parametrize(("period", "bounds"), [
    ("2026-02", (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
    ("2026-Q4", (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
    ("2026", (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
])
def test_periods_have_first_and_last_days(period, bounds):
    assert period_bounds(period) == bounds
