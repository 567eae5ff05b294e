"""Small groups are suppressed in every aggregate, and cannot be recovered by subtraction."""

from __future__ import annotations

import pytest

from survey.indicators import IndicatorValue
from survey.models import Site, Ward
from survey.suppression import cells


@pytest.fixture
def units(app):
    north = Site.create(name="Nord")
    south = Site.create(name="Syd")
    return {
        "a": Ward.create(site=north, name="A"), "b": Ward.create(site=north, name="B"),
        "c": Ward.create(site=north, name="C"), "d": Ward.create(site=south, name="D"),
        "north": north, "south": south,
    }


def value(ward, n: int, positive: int = 0) -> IndicatorValue:
    return IndicatorValue(ward.id, "2026-Q1", "marker:tryghed", "resident",
                          numerator=positive, denominator=n)


def by_unit(result):
    return {(cell.level, cell.unit_name): cell for cell in result}


@pytest.mark.parametrize(("n", "suppressed"), [(4, True), (5, False)])
def test_a_cell_under_five_valid_answers_is_suppressed_and_five_is_shown(units, n, suppressed):
    result = by_unit(cells([value(units["a"], n), value(units["b"], 20), value(units["c"], 20)]))
    cell = result[("ward", "Nord · A")]
    assert cell.suppressed is suppressed
    assert (cell.shown("value") is None) is suppressed


def test_the_threshold_can_be_configured(units):
    result = by_unit(cells([value(units["a"], 7), value(units["b"], 20)], min_n=10))
    assert result[("ward", "Nord · A")].reason == "primary"


def test_one_small_ward_takes_the_next_smallest_with_it(units):
    result = by_unit(cells([value(units["a"], 3, 1), value(units["b"], 10, 5),
                            value(units["c"], 12, 6)]))
    assert result[("ward", "Nord · A")].reason == "primary"
    assert result[("ward", "Nord · B")].reason == "secondary"
    assert not result[("ward", "Nord · C")].suppressed
    site = result[("site", "Nord")]
    assert not site.suppressed and site.value.denominator == 25
    # Site total minus the visible ward leaves two hidden wards: neither can be told apart.
    visible = sum(c.value.denominator for c in site.children if not c.suppressed)
    assert site.value.denominator - visible == 13


def test_two_small_wards_need_no_further_suppression(units):
    result = by_unit(cells([value(units["a"], 3), value(units["b"], 4), value(units["c"], 12)]))
    assert [result[("ward", f"Nord · {w}")].suppressed for w in "ABC"] == [True, True, False]
    assert result[("ward", "Nord · C")].reason is None


def test_a_small_site_hides_its_wards_and_another_site(units):
    result = by_unit(cells([value(units["a"], 30), value(units["d"], 2)]))
    assert result[("site", "Syd")].reason == "primary"
    assert result[("ward", "Syd · D")].suppressed
    assert result[("site", "Nord")].reason == "secondary"
    assert result[("ward", "Nord · A")].suppressed
    assert not result[("organisation", "")].suppressed


def test_the_organisation_total_sums_every_ward(units):
    result = by_unit(cells([value(units["a"], 10, 4), value(units["b"], 10, 6),
                            value(units["d"], 10, 5)]))
    total = result[("organisation", "")]
    assert (total.value.numerator, total.value.denominator) == (15, 30)
    assert total.shown("value") == 0.5
