"""The dashboard's figures against hand-computed fixtures: points, suppression, quarters,
the median and its runs, frozen baselines, relatives' response rate, the staff pulse.

Every month below is a number of "yes" and "no" answers (see tests/quality_data.py):
(3, 2) is 3 of 5 = 60 % on n = 5. Small groups are hidden below 5 answers.
"""

from __future__ import annotations

import datetime as dt

import pytest

from survey import dashboard
from survey.models import ChartBaseline, Invitation, InvitationWave, QuestionnaireKind, Resident
from survey.questionnaire.store import definition_of
from tests.quality_data import (  # noqa: F401 (fixtures)
    SELF_DETERMINATION,
    WORKING_ENVIRONMENT,
    answers,
    series,
    staff_answers,
    today,
)

#: Sixteen months: eight alternating 40 % and 60 %, then eight at 100 %.
BEFORE = {f"2025-{m:02d}": ((2, 3) if m % 2 else (3, 2)) for m in range(1, 9)}
AFTER = {**{f"2025-{m:02d}": (5, 0) for m in range(9, 13)},
         **{f"2026-{m:02d}": (5, 0) for m in range(1, 5)}}
SIXTEEN = dashboard.period_range("2025-01", "2026-04", "month")


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def chart(ward, periods, granularity="month", baseline=None, annotations=()):
    grid = dashboard.load_grid("min-hverdag", granularity, "resident", periods)
    return dashboard.build_chart(grid, ward, SELF_DETERMINATION, "Self-determination",
                                 baseline, list(annotations))


def point(ward, period, granularity="month"):
    return chart(ward, [period], granularity).points[0]


# --- Suppression at exactly N - 1 and N -----------------------------------------------


def test_a_point_on_exactly_five_answers_is_shown(world, min_hverdag, english):
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=3, no=2)
    shown = point(world.ward, "2026-01")
    assert (shown.state, shown.value, shown.n) == ("shown", 0.6, 5)


def test_a_point_on_four_answers_is_hidden_and_carries_no_value(world, min_hverdag, english):
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=3, no=1)
    hidden = point(world.ward, "2026-01")
    assert (hidden.state, hidden.reason) == ("suppressed", "primary")
    assert hidden.value is None and hidden.n is None


def test_a_month_without_answers_is_empty_not_hidden(world, min_hverdag, english):
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=5)
    assert point(world.ward, "2026-02").state == "empty"


def test_the_smallest_neighbour_is_hidden_when_it_would_reveal_a_small_ward(
        world, min_hverdag, english):
    # Hus A 4 answers (hidden), Hus B 6: the site total 10 minus Hus B would give Hus A.
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=2, no=2)
    answers(min_hverdag, world.other_ward, world.other_resident, "2026-01", yes=3, no=3)
    neighbour = point(world.other_ward, "2026-01")
    assert (neighbour.state, neighbour.reason) == ("suppressed", "secondary")


def test_the_smallest_number_of_answers_can_be_set(app, world, min_hverdag, english):
    app.config["SUPPRESSION_MIN_N"] = 3
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=2, no=1)
    assert point(world.ward, "2026-01").state == "shown"
    app.config["SUPPRESSION_MIN_N"] = 4
    assert point(world.ward, "2026-01").state == "suppressed"


def test_hidden_points_are_left_out_of_the_run_chart_analysis(world, min_hverdag, english):
    series(min_hverdag, world.ward, world.resident,
           {"2026-01": (1, 4), "2026-02": (4, 0), "2026-03": (4, 1)})
    result = chart(world.ward, ["2026-01", "2026-02", "2026-03"])
    assert [p.state for p in result.points] == ["shown", "suppressed", "shown"]
    # The median of 20 % and 80 % is 50 %: two useful points, one crossing.
    assert (result.analysis.median, result.analysis.useful) == (0.5, 2)


# --- Months and quarters -------------------------------------------------------------


def test_a_quarter_sums_its_months_answers_rather_than_averaging_their_shares(
        world, min_hverdag, english):
    # 1 of 5, 5 of 10, 3 of 5: 9 of 20 = 45 % (the mean of 20, 50, 60 % would be 43 %).
    series(min_hverdag, world.ward, world.resident,
           {"2026-01": (1, 4), "2026-02": (5, 5), "2026-03": (3, 2)})
    quarter = point(world.ward, "2026-Q1", "quarter")
    assert (quarter.value, quarter.n) == (0.45, 20)


def test_a_quarter_shows_what_its_small_months_hide(world, min_hverdag, english):
    series(min_hverdag, world.ward, world.resident,
           {"2026-01": (1, 1), "2026-02": (2, 0), "2026-03": (1, 1)})
    months = chart(world.ward, ["2026-01", "2026-02", "2026-03"]).points
    assert {p.state for p in months} == {"suppressed"}
    quarter = point(world.ward, "2026-Q1", "quarter")
    assert (quarter.state, quarter.value, quarter.n) == ("shown", 4 / 6, 6)


@pytest.mark.usefixtures("today")
def test_charts_show_two_years_of_months_up_to_today_by_default(app, english):
    periods = dashboard.chart_periods("min-hverdag", "month", dashboard.current_period("month"))
    assert (len(periods), periods[0], periods[-1]) == (24, "2024-07", "2026-06")
    quarters = dashboard.chart_periods("min-hverdag", "quarter",
                                       dashboard.current_period("quarter"))
    assert (len(quarters), quarters[0], quarters[-1]) == (8, "2024-Q3", "2026-Q2")


# --- The median and its runs -----------------------------------------------------------


def test_a_point_on_the_median_neither_breaks_nor_adds_to_a_run(world, min_hverdag, english):
    # 20, 20, 40, 60, 60 %: the median is March's 40 %. Below: Jan, Feb; above: Apr, May.
    series(min_hverdag, world.ward, world.resident, {
        "2026-01": (1, 4), "2026-02": (1, 4), "2026-03": (2, 3),
        "2026-04": (3, 2), "2026-05": (3, 2)})
    result = chart(world.ward, dashboard.period_range("2026-01", "2026-05", "month")).analysis
    assert result.median == 0.4
    assert (result.useful, result.longest_run, result.crossings) == (4, 2, 1)
    assert 2 not in result.longest_run_points


def test_a_long_run_after_a_change_is_a_signal(world, min_hverdag, english):
    series(min_hverdag, world.ward, world.resident, {**BEFORE, **AFTER})
    result = chart(world.ward, SIXTEEN).analysis
    # Sorted: 4 × 40 %, 4 × 60 %, 8 × 100 %: the median is (60 + 100) / 2 = 80 %.
    # Eight below, then eight above: runs of 8 > round(log2(16) + 3) = 7; one crossing,
    # fewer than qbinom(0.05, 15, 0.5) = 4.
    assert result.median == pytest.approx(0.8)
    assert (result.useful, result.longest_run, result.run_limit) == (16, 8, 7)
    assert (result.crossings, result.crossings_limit) == (1, 4)
    assert result.long_run and result.few_crossings
    assert dashboard.signal_sentences(result)[0].startswith("Signal: 8 points in a row lie above")


def test_a_frozen_baseline_takes_the_median_from_its_own_periods(world, min_hverdag, english):
    series(min_hverdag, world.ward, world.resident, {**BEFORE, **AFTER})
    baseline = ChartBaseline.create(ward=world.ward, questionnaire_code="min-hverdag",
                                    indicator=SELF_DETERMINATION, frozen_through="2025-08")
    result = chart(world.ward, SIXTEEN, baseline=baseline)
    # The first eight months: 4 × 40 %, 4 × 60 %, median 50 %. August (60 %) and the
    # eight months at 100 % make one run of 9 above; the alternating months cross 7 times.
    assert (result.baseline_points, result.analysis.baseline_points) == (8, 8)
    assert result.analysis.median == pytest.approx(0.5)
    assert (result.analysis.longest_run, result.analysis.crossings) == (9, 7)
    assert result.analysis.longest_run_points == tuple(range(7, 16))


def test_a_quarterly_chart_freezes_on_the_quarters_inside_a_monthly_baseline(app):
    quarters = dashboard.period_range("2025-Q1", "2026-Q2", "quarter")
    assert dashboard.points_in_baseline(quarters, "2025-08") == 2
    assert dashboard.points_in_baseline(quarters, "2025-Q3") == 3


@pytest.mark.usefixtures("today")
def test_a_frozen_baseline_reaches_back_to_the_first_answers(world, min_hverdag):
    answers(min_hverdag, world.ward, world.resident, "2023-03", yes=5)
    baseline = ChartBaseline.create(ward=world.ward, questionnaire_code="min-hverdag",
                                    indicator=SELF_DETERMINATION, frozen_through="2023-12")
    unfrozen = dashboard.chart_periods("min-hverdag", "month", "2026-06")
    frozen = dashboard.chart_periods("min-hverdag", "month", "2026-06", [baseline])
    assert (unfrozen[0], frozen[0], frozen[-1]) == ("2024-07", "2023-03", "2026-06")


# --- Coverage under each point -------------------------------------------------------


def test_each_point_carries_the_wards_dialogue_coverage(world, min_hverdag, english):
    # Four residents live on the ward from 2025; one of them has the five dialogues.
    Resident.update(admitted_on=dt.date(2025, 1, 1)).execute()
    for label in ("B", "C", "D"):
        Resident.create(ward=world.ward, label=label, admitted_on=dt.date(2025, 1, 1))
    answers(min_hverdag, world.ward, world.resident, "2026-01", yes=5)
    extra = point(world.ward, "2026-01").extra
    # One resident of four is under five: coverage is hidden like any small group.
    assert (extra.state, extra.reason) == ("suppressed", "primary")


# --- Relatives' response rate ------------------------------------------------------------


def letters(ward, opens_on: dt.date, sent: int, answered: int, posters: int = 0) -> None:
    wave = InvitationWave.create(questionnaire_code="paaroerende", title="Wave",
                                 opens_on=opens_on, closes_on=opens_on + dt.timedelta(days=28))
    for number in range(sent + posters):
        Invitation.create(wave=wave, ward=ward, number=number + 1, open_link=number >= sent,
                          token_hash=f"{wave.id}-{ward.id}-{number}",
                          submitted_on=opens_on if number < answered else None)


def test_the_response_rate_counts_letters_opened_in_the_quarter(world, english):
    letters(world.ward, dt.date(2026, 2, 1), sent=5, answered=2, posters=1)
    letters(world.ward, dt.date(2026, 4, 1), sent=9, answered=9)  # the next quarter
    rate = dashboard.relatives_response_rate(world.ward, "2026-Q1")
    assert (rate.letters, rate.answered, rate.suppressed, rate.value) == (5, 2, False, 0.4)


def test_a_response_rate_on_four_letters_is_hidden(world, english):
    letters(world.ward, dt.date(2026, 2, 1), sent=4, answered=1)
    rate = dashboard.relatives_response_rate(world.ward, "2026-Q1")
    assert rate.suppressed and rate.value is None


def test_no_letters_means_not_measured(world, english):
    assert dashboard.relatives_response_rate(world.ward, "2026-Q1") is None


def test_response_rates_per_period_count_letters_by_the_day_their_wave_opened(world, english):
    from survey.response_rates import RESPONSE_RATE, response_rates

    letters(world.ward, dt.date(2026, 1, 20), sent=5, answered=2, posters=1)
    letters(world.ward, dt.date(2026, 3, 2), sent=3, answered=3)
    letters(world.other_ward, dt.date(2026, 2, 1), sent=4, answered=1)
    values = {(v.ward_id, v.period): (v.numerator, v.denominator, v.indicator)
              for v in response_rates("quarter", ["2026-Q1"])}
    assert values == {(world.ward.id, "2026-Q1"): (5, 8, RESPONSE_RATE),
                      (world.other_ward.id, "2026-Q1"): (1, 4, RESPONSE_RATE)}


# --- The staff pulse -------------------------------------------------------------------


def staff_chart(ward, periods, series_name="staff"):
    grid = dashboard.load_grid("personale", "month", series_name, periods)
    return dashboard.build_chart(grid, ward, WORKING_ENVIRONMENT, "Working environment", None, [])


def test_the_staff_pulse_is_offered_with_its_one_series(personale, english):
    assert "personale" in [q.code for q in dashboard.questionnaires()]
    assert dashboard.series_for(QuestionnaireKind.STAFF) == ["staff"]


def test_staff_pulse_points_come_from_the_staff_answers(world, personale, english):
    staff_answers(personale, world.ward, "2026-01", agree=4, disagree=1)
    shown = staff_chart(world.ward, ["2026-01"]).points[0]
    assert (shown.state, shown.value, shown.n) == ("shown", 0.8, 5)
    assert staff_chart(world.ward, ["2026-01"], "resident").points[0].state == "empty"


def test_a_ward_with_four_staff_answers_is_hidden_and_so_is_its_neighbour(
        world, personale, english):
    staff_answers(personale, world.ward, "2026-01", agree=3, disagree=1)
    staff_answers(personale, world.other_ward, "2026-01", agree=5, disagree=1)
    hidden = staff_chart(world.ward, ["2026-01"]).points[0]
    neighbour = staff_chart(world.other_ward, ["2026-01"]).points[0]
    assert (hidden.state, hidden.reason, hidden.value) == ("suppressed", "primary", None)
    assert (neighbour.state, neighbour.reason) == ("suppressed", "secondary")


def test_a_staff_pulse_point_carries_no_coverage_or_response_rate(world, personale, english):
    # Residents live on the ward, yet staff answers say nothing about who had a dialogue.
    Resident.update(admitted_on=dt.date(2025, 1, 1)).execute()
    staff_answers(personale, world.ward, "2026-01", agree=5)
    result = staff_chart(world.ward, ["2026-01"])
    assert result.extra_label is None and result.points[0].extra is None
    grid = dashboard.load_grid("personale", "month", "staff", ["2026-01"])
    assert not [key for key in grid.cells if key[3].startswith("process:")]


def test_the_staff_pulse_has_no_process_indicators(personale):
    assert dashboard.indicator_names(definition_of(personale), "process") == []
    assert "process" not in dashboard.groups_for(QuestionnaireKind.STAFF)
