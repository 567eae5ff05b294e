"""Run charts: the median as centre line, and Anhøj's rules for non-random variation.

The rules are the ones Danish hospitals use (Anhøj and Olesen 2014, as in qicharts2):

- an unusually long run: the longest run of points on one side of the median is
  longer than ``round(log2(n) + 3)``;
- too few crossings: the points cross the median fewer times than the lower 5 %
  quantile of Binomial(n − 1, ½).

``n`` counts the useful points: points on the median neither break nor add to a run
and are not counted. Missing points (no answers, or suppressed) are left out as if the
period were not there. With a frozen baseline the median is taken from the baseline's
points only, and every point is tested against it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

#: A point closer to the median than this is on it (values are shares between 0 and 1).
ON_THE_MEDIAN = 1e-9


def run_limit(useful: int) -> int | None:
    """The longest run expected by chance among ``useful`` points: round(log2(n) + 3)."""
    if useful < 1:
        return None
    # Half-up, as the published tables do (log2(n) + 3 is never exactly x.5 for whole n).
    return math.floor(math.log2(useful) + 3 + 0.5)


def crossings_limit(useful: int, quantile: Fraction = Fraction(5, 100)) -> int | None:
    """The fewest crossings expected by chance: the lower quantile of Binomial(n − 1, ½).

    The smallest k with P(X ≤ k) ≥ 5 %, computed exactly (R's ``qbinom``).
    """
    if useful < 1:
        return None
    trials = useful - 1
    total = 2**trials
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if Fraction(cumulative, total) >= quantile:
            return k
    return trials  # unreachable: P(X ≤ trials) = 1


@dataclass(frozen=True)
class RunAnalysis:
    """What Anhøj's rules say about one run chart."""

    #: The centre line (None when there is no point to take it from).
    median: float | None
    #: Points not on the median.
    useful: int
    longest_run: int
    #: +1 when the longest run lies above the median, -1 below, 0 when there is none.
    longest_run_side: int
    #: Positions (in the values given) of the points in the longest run.
    longest_run_points: tuple[int, ...]
    run_limit: int | None
    crossings: int
    crossings_limit: int | None
    #: How many points the median was taken from.
    baseline_points: int

    @property
    def long_run(self) -> bool:
        """The longest run is longer than chance explains."""
        return self.run_limit is not None and self.longest_run > self.run_limit

    @property
    def few_crossings(self) -> bool:
        """The points cross the median more seldom than chance explains."""
        return self.crossings_limit is not None and self.crossings < self.crossings_limit

    @property
    def signal(self) -> bool:
        """Either rule fires: the variation is probably not random."""
        return self.long_run or self.few_crossings


def analyse(values: Sequence[float | None], baseline: int | None = None) -> RunAnalysis:
    """Apply Anhøj's rules to the values in time order (None: no point in that period).

    ``baseline``: the median is taken from ``values[:baseline]`` only (a frozen
    baseline); by default from every value.
    """
    base = [v for v in (values if baseline is None else values[:baseline]) if v is not None]
    if not base:
        return RunAnalysis(None, 0, 0, 0, (), None, 0, None, 0)
    median = statistics.median(base)
    runs: list[list[int]] = []
    sides: list[int] = []
    for position, value in enumerate(values):
        if value is None or math.isclose(value, median, rel_tol=0, abs_tol=ON_THE_MEDIAN):
            continue
        side = 1 if value > median else -1
        if sides and sides[-1] == side:
            runs[-1].append(position)
        else:
            runs.append([position])
            sides.append(side)
    useful = sum(len(run) for run in runs)
    longest = max(range(len(runs)), key=lambda i: (len(runs[i]), i), default=None)
    return RunAnalysis(
        median=median,
        useful=useful,
        longest_run=len(runs[longest]) if longest is not None else 0,
        longest_run_side=sides[longest] if longest is not None else 0,
        longest_run_points=tuple(runs[longest]) if longest is not None else (),
        run_limit=run_limit(useful),
        crossings=max(len(runs) - 1, 0),
        crossings_limit=crossings_limit(useful),
        baseline_points=len(base),
    )
