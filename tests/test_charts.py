"""Run charts as server-drawn SVG: well formed, described in words, hidden points wordless."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from survey import dashboard
from survey.charts import run_chart_svg
from survey.models import ChartBaseline
from tests.quality_data import SELF_DETERMINATION, annotate, series

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = dashboard.period_range("2026-01", "2026-06", "month")
#: 60, 20, hidden (2 of 3 answers: 67 %), 80, 80, 80 %.
POINTS = {"2026-01": (3, 2), "2026-02": (1, 4), "2026-03": (2, 1),
          "2026-04": (4, 1), "2026-05": (4, 1), "2026-06": (4, 1)}


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def ward_with_points(world, min_hverdag, english):
    series(min_hverdag, world.ward, world.resident, POINTS)
    return world.ward


def draw(ward, baseline=None, annotations=()) -> tuple[dashboard.Chart, ET.Element]:
    grid = dashboard.load_grid("min-hverdag", "month", "resident", MONTHS)
    chart = dashboard.build_chart(grid, ward, SELF_DETERMINATION, "Self-determination",
                                  baseline, list(annotations))
    return chart, ET.fromstring(str(run_chart_svg(chart)))


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def test_the_chart_is_an_image_named_by_its_title_and_description(ward_with_points):
    _chart, svg = draw(ward_with_points)
    title, desc = svg[0], svg[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Self-determination · Solhaven · Hus A"


def test_the_description_says_in_words_what_the_chart_shows(ward_with_points):
    _chart, svg = draw(ward_with_points)
    desc = svg.find(f"{SVG}desc").text
    assert "Run chart of 6 periods from January 2026 to June 2026." in desc
    # Median of 60, 20, 80, 80, 80 % is 80 %.
    assert "Median 80%." in desc
    assert "One point is hidden to protect a small group." in desc


def test_a_hidden_point_is_a_marked_gap_without_a_number(ward_with_points):
    _chart, svg = draw(ward_with_points)
    assert len(svg.findall(f".//{SVG}circle")) == 5
    hidden = svg.findall(f".//{SVG}g[@class='rc-suppressed']")
    assert len(hidden) == 1
    assert hidden[0].find(f"{SVG}title").text == "March 2026: hidden: too few answers"
    # The line breaks at the gap: two pieces, not one line over it.
    assert len(svg.findall(f"{SVG}polyline")) == 2
    # Under the point: "–", never its 3 answers or 67 %.
    n_row = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "rc-tiny"]
    assert "3" not in n_row and "67" not in " ".join(texts(svg))


def test_n_is_written_under_each_point(ward_with_points):
    _chart, svg = draw(ward_with_points)
    label = next(t for t in svg.iter(f"{SVG}text") if t.text == "n")
    row = [t.text for t in svg.iter(f"{SVG}text") if t.get("y") == label.get("y") and t is not label]
    assert row == ["5", "5", "–", "5", "5", "5"]


def test_a_change_is_an_upright_line_with_its_title_on_that_wards_chart(world, ward_with_points):
    change = annotate(world.ward, dt.date(2026, 3, 15), "Residents choose their morning")
    _chart, svg = draw(ward_with_points, annotations=[change])
    marks = svg.findall(f"{SVG}g[@class='rc-change']")
    assert len(marks) == 1
    assert marks[0].find(f"{SVG}title").text.startswith("A change started")
    assert "Residents choose their morning" in marks[0].find(f"{SVG}title").text
    assert "A change started Mar 15, 2026: Residents choose their morning." in svg.find(
        f"{SVG}desc").text


def test_a_change_outside_the_charts_periods_draws_no_line(world, ward_with_points):
    change = annotate(world.ward, dt.date(2025, 3, 15), "Long ago")
    _chart, svg = draw(ward_with_points, annotations=[change])
    assert svg.findall(f"{SVG}g[@class='rc-change']") == []


def test_a_frozen_median_is_drawn_dashed_after_the_baseline(world, ward_with_points):
    baseline = ChartBaseline.create(ward=world.ward, questionnaire_code="min-hverdag",
                                    indicator=SELF_DETERMINATION, frozen_through="2026-02")
    chart, svg = draw(ward_with_points, baseline=baseline)
    # Median of 60 % and 20 % is 40 %.
    assert chart.analysis.median == pytest.approx(0.4)
    assert len(svg.findall(f".//{SVG}line[@class='rc-median-extended']")) == 1
    assert "The median is frozen on the periods up to February 2026." in svg.find(
        f"{SVG}desc").text


def chart_of_months(ward, months: dict[str, tuple[int, int]]):
    grid = dashboard.load_grid("min-hverdag", "month", "resident", sorted(months))
    chart = dashboard.build_chart(grid, ward, SELF_DETERMINATION, "S", None, [])
    return chart, ET.fromstring(str(run_chart_svg(chart)))


def test_the_points_of_a_long_run_are_marked(world, min_hverdag, english):
    # 4 × 20 %, 4 × 60 %, then 8 × 100 %: median 80 %, 8 below then 8 above; the
    # limit for 16 points is round(log2(16) + 3) = 7, and the latest run is the one shown.
    months = dict.fromkeys(dashboard.period_range("2025-01", "2025-04", "month"), (1, 4))
    months |= dict.fromkeys(dashboard.period_range("2025-05", "2025-08", "month"), (3, 2))
    months |= dict.fromkeys(dashboard.period_range("2025-09", "2026-04", "month"), (5, 0))
    series(min_hverdag, world.ward, world.resident, months)
    chart, svg = chart_of_months(world.ward, months)
    assert chart.analysis.long_run
    assert len(svg.findall(f".//{SVG}circle[@class='rc-point rc-point--signal']")) == 8
    assert "Signal: 8 points in a row lie above the median." in svg.find(f"{SVG}desc").text


def test_too_few_crossings_are_told_in_words(world, min_hverdag, english):
    # Six months at 20 %, then six at 100 %: the median is 60 %, every point is useful.
    months = dict.fromkeys(dashboard.period_range("2025-01", "2025-06", "month"), (1, 4))
    months |= dict.fromkeys(dashboard.period_range("2025-07", "2025-12", "month"), (5, 0))
    series(min_hverdag, world.ward, world.resident, months)
    chart, svg = chart_of_months(world.ward, months)
    # Twelve points: run limit round(log2(12) + 3) = 7, so six in a row is no long run;
    # one crossing is fewer than qbinom(0.05, 11, 0.5) = 3.
    assert not chart.analysis.long_run and chart.analysis.few_crossings
    assert svg.findall(f".//{SVG}circle[@class='rc-point rc-point--signal']") == []
    assert "Signal: the line crosses the median only once." in svg.find(f"{SVG}desc").text


def test_the_svg_has_no_inline_style_and_no_script(ward_with_points):
    _chart, svg = draw(ward_with_points)
    assert all("style" not in element.attrib for element in svg.iter())
    assert not list(svg.iter(f"{SVG}script"))


def test_an_empty_chart_says_there_is_nothing_yet(world, english, min_hverdag):
    _chart, svg = draw(world.ward)
    assert "No answers to show yet." in svg.find(f"{SVG}desc").text
    assert svg.findall(f".//{SVG}circle") == []
