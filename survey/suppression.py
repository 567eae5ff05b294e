"""Small groups are never shown: primary and secondary suppression of aggregate cells.

A cell built on fewer than ``min_n`` valid answers is suppressed (primary). Where a
site's total is shown beside its wards, one suppressed ward could be recovered by
subtracting the others from the total, so a second ward — the smallest of the rest —
is suppressed too (secondary); the same holds for sites within the organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .indicators import IndicatorValue
from .models import Site, Ward

DEFAULT_MIN_N = 5


@dataclass
class Cell:
    """One aggregate cell: a ward's, a site's or the organisation's value, maybe suppressed."""

    level: str  # "ward", "site" or "organisation"
    unit_id: int | None
    unit_name: str
    value: IndicatorValue
    suppressed: bool = False
    #: "primary" (too few answers) or "secondary" (would reveal another cell).
    reason: str | None = None
    children: list[Cell] = field(default_factory=list, repr=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.value.period, self.value.indicator, self.value.series

    def shown(self, attribute: str) -> float | int | None:
        """An attribute of the value, or None when the cell is suppressed."""
        return None if self.suppressed else getattr(self.value, attribute)


def _sum(values: Iterable[IndicatorValue], ward_id: int) -> IndicatorValue:
    values = list(values)
    total = IndicatorValue(ward_id, values[0].period, values[0].indicator, values[0].series)
    for value in values:
        total.numerator += value.numerator
        total.denominator += value.denominator
        total.negative += value.negative
        total.missing += value.missing
        total.responses |= value.responses
    return total


def _protect(children: list[Cell], min_n: int) -> None:
    """Suppress small children, then one more if a single one could be recovered."""
    for child in children:
        if child.value.n < min_n and not child.suppressed:
            child.suppressed, child.reason = True, "primary"
    hidden = [child for child in children if child.suppressed]
    shown = [child for child in children if not child.suppressed]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda child: (child.value.n, child.unit_name))
        smallest.suppressed, smallest.reason = True, "secondary"


def cells(values: Iterable[IndicatorValue], min_n: int = DEFAULT_MIN_N) -> list[Cell]:
    """Ward cells with their site and organisation totals, every small group suppressed."""
    wards = {ward.id: ward for ward in Ward.select(Ward, Site).join(Site)}
    by_key: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        by_key[(value.period, value.indicator, value.series)].append(value)
    result: list[Cell] = []
    for key_values in by_key.values():
        by_site: dict[int, list[Cell]] = defaultdict(list)
        for value in key_values:
            ward = wards[value.ward_id]
            by_site[ward.site_id].append(Cell("ward", ward.id, ward.full_name, value))
        site_cells = []
        for site_id, ward_cells in by_site.items():
            site = wards[ward_cells[0].unit_id].site
            site_cells.append(Cell("site", site_id, site.name,
                                   _sum((c.value for c in ward_cells), 0), children=ward_cells))
        organisation = Cell("organisation", None, "", _sum((c.value for c in site_cells), 0),
                            children=site_cells)
        _protect([organisation], min_n)
        _protect(site_cells, min_n)
        for site_cell in site_cells:
            _protect(site_cell.children, min_n)
            if site_cell.suppressed:
                # A hidden site total must not be rebuilt from its visible wards.
                for ward_cell in site_cell.children:
                    ward_cell.suppressed = True
                    ward_cell.reason = ward_cell.reason or "secondary"
            result += site_cell.children
        result += [*site_cells, organisation]
    return result
