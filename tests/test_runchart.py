"""Anhøj's run-chart rules against hand-computed fixtures (the sums are in the comments)."""

from __future__ import annotations

import pytest

from survey.runchart import analyse, crossings_limit, run_limit

# Ten below (1) and ten above (3): the median is 2 and every point is useful.
LONG_RUN = [3, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3]
FEW_CROSSINGS = [1] * 5 + [3] * 5 + [1] * 5 + [3] * 5


@pytest.mark.parametrize(("useful", "longest", "fewest"), [
    # Anhøj's published table: round(log2(n) + 3) and qbinom(0.05, n - 1, 0.5).
    (10, 6, 2), (12, 7, 3), (20, 7, 6), (24, 8, 8), (30, 8, 10),
])
def test_limits_match_the_published_table(useful, longest, fewest):
    assert (run_limit(useful), crossings_limit(useful)) == (longest, fewest)


def test_crossings_limit_is_the_exact_lower_five_percent_quantile():
    # Binomial(9, 1/2): P(X <= 1) = (1 + 9)/512 = 0.0195; P(X <= 2) = 46/512 = 0.0898.
    assert crossings_limit(10) == 2
    # Binomial(0, 1/2) is always 0: a single point needs no crossing.
    assert crossings_limit(1) == 0


def test_a_run_longer_than_the_limit_is_a_signal():
    result = analyse(LONG_RUN)
    assert result.median == 2
    assert (result.useful, result.longest_run, result.run_limit) == (20, 8, 7)
    assert result.longest_run_side == -1
    assert result.longest_run_points == tuple(range(5, 13))
    assert result.long_run and result.signal


def test_enough_crossings_are_no_signal_even_beside_a_long_run():
    # Runs: 3 | 1 | 3 | 1 | 3 | 1×8 | 3×7: seven runs, six crossings; the limit for 20 is 6.
    result = analyse(LONG_RUN)
    assert (result.crossings, result.crossings_limit) == (6, 6)
    assert not result.few_crossings


def test_too_few_crossings_are_a_signal():
    # Four runs of five: three crossings, fewer than 6; no run longer than 7.
    result = analyse(FEW_CROSSINGS)
    assert (result.crossings, result.crossings_limit, result.longest_run) == (3, 6, 5)
    assert result.few_crossings and not result.long_run and result.signal


def test_random_looking_points_give_no_signal():
    result = analyse([1, 3] * 10)
    assert (result.longest_run, result.crossings) == (1, 19)
    assert not result.signal


def test_a_point_on_the_median_neither_breaks_a_run_nor_counts():
    # Nine ones with a two among them, then nine threes: 19 points, median 2.
    values = [1, 1, 1, 1, 2, 1, 1, 1, 1, 1] + [3] * 9
    result = analyse(values)
    assert result.median == 2
    assert result.useful == 18
    assert result.longest_run == 9
    assert 4 not in result.longest_run_points
    # Limits for 18 useful points, not 19: qbinom(0.05, 17, 0.5) = 5, for 18 trials it is 6.
    assert (result.run_limit, result.crossings_limit) == (7, 5)
    assert result.crossings == 1


def test_missing_periods_are_left_out():
    result = analyse([1, None, 1, 3, None, 3])
    assert (result.useful, result.crossings, result.longest_run) == (4, 1, 2)


def test_a_frozen_baseline_takes_the_median_from_its_own_points_only():
    values = [1, 2, 3, 7, 8, 9]
    assert analyse(values).median == 5
    frozen = analyse(values, baseline=3)
    assert frozen.median == 2
    assert frozen.baseline_points == 3


def test_every_point_is_tested_against_the_frozen_median():
    # Median 2: 1 below, 2 on the median, then 3, 7, 8, 9 above: one run of four.
    result = analyse([1, 2, 3, 7, 8, 9], baseline=3)
    assert (result.useful, result.longest_run, result.longest_run_side) == (5, 4, 1)
    assert result.longest_run_points == (2, 3, 4, 5)
    assert result.crossings == 1


def test_the_latest_of_two_equally_long_runs_is_reported():
    result = analyse([1, 1, 3, 3])
    assert result.longest_run_points == (2, 3)


def test_no_points_give_no_median_and_no_signal():
    for values in ([], [None, None]):
        result = analyse(values)
        assert result.median is None and result.run_limit is None and not result.signal


def test_a_single_point_lies_on_its_own_median():
    result = analyse([0.5])
    assert (result.median, result.useful, result.run_limit) == (0.5, 0, None)
    assert not result.signal


def test_two_points_cross_once_and_give_no_signal():
    # n = 2: run limit round(1 + 3) = 4; Binomial(1, 1/2): P(X <= 0) = 0.5, so at least 0.
    result = analyse([0.2, 0.8])
    assert (result.useful, result.run_limit, result.crossings, result.crossings_limit) == (2, 4, 1, 0)
    assert not result.signal


def test_shares_equal_to_the_median_up_to_rounding_are_on_it():
    # The baseline's median (0.1 + 0.2) / 2 is 0.15000000000000002 in floating point.
    result = analyse([0.1, 0.2, 0.15], baseline=2)
    assert result.median != 0.15
    assert result.useful == 2
