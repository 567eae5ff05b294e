"""The quality pages in a real browser: the dashboard with and without JavaScript, and the
council report printed to PDF by Chromium, its text read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from survey.users import create_user
from tests.browser.conftest import ARTIFACTS
from tests.conftest import TEST_PASSWORD
from tests.quality_data import (  # noqa: F401 (fixtures)
    answers,
    quarter_on_hus_a,
    staff_answers,
    today,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("today", "quarter_on_hus_a")]

#: An office PC.
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
#: A4 in PostScript points (210 × 297 mm).
A4 = (595, 842)


@pytest.fixture
def more_months(world, min_hverdag):
    """Hus A: five answers a month from January to June 2026, so the charts have a line."""
    for month in range(1, 7):
        answers(min_hverdag, world.ward, world.resident, f"2026-{month:02d}", yes=3, no=2)


def sign_in_as_quality(page: Page) -> None:
    create_user("kvalitet", "Kvalitetsteamet", TEST_PASSWORD, ["quality"])
    page.goto("/login")
    page.locator("input[name='username']").fill("kvalitet")
    page.locator("input[name='password']").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("input[name='username']")).to_have_count(0)


@pytest.mark.usefixtures("more_months")
def test_the_dashboard_draws_run_charts_and_changes_them_in_place(new_context):
    page = new_context(**DESKTOP).new_page()
    sign_in_as_quality(page)
    page.goto("/quality/")
    chart = page.get_by_role("img", name=re.compile("Self-determination: share answering yes"))
    expect(chart).to_be_visible()
    expect(page.get_by_text("Each point is one month.")).to_be_visible()
    # htmx swaps the charts when a filter changes: the form stays, the URL follows.
    page.get_by_label("Each point is").select_option("quarter")
    expect(page.get_by_text("Each point is one quarter.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"granularity=quarter"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "quality-dashboard.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.usefixtures("more_months")
def test_choosing_the_staff_pulse_on_a_phone_shows_quarters_of_staff_answers(
        new_context, world, personale, javascript):
    for month in range(1, 7):
        staff_answers(personale, world.ward, f"2026-{month:02d}", agree=4, disagree=1)
    page = new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844}).new_page()
    sign_in_as_quality(page)
    page.goto("/quality/")
    expect(page.get_by_text("Each point is one month.")).to_be_visible()
    page.get_by_label("Questionnaire").select_option("personale")
    if not javascript:
        page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Each point is one quarter.")).to_be_visible()
    expect(page.get_by_label("Answers from")).to_have_value("staff")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.usefixtures("more_months")
def test_a_change_is_marked_on_the_charts_without_javascript(new_context):
    page = new_context(java_script_enabled=False, **DESKTOP).new_page()
    sign_in_as_quality(page)
    page.goto("/quality/")
    page.get_by_label("Started on", exact=True).fill("2026-03-01")
    page.get_by_label("What changed", exact=True).fill("Residents choose breakfast time")
    page.get_by_role("button", name="Mark the change").click()
    expect(page.get_by_text("The change is marked on the charts.")).to_be_visible()
    expect(page.locator("svg.rc g.rc-change").first).to_be_attached()
    expect(page.get_by_role("img", name=re.compile("Self-determination"))).to_be_visible()


def test_the_council_report_prints_on_a4_with_ward_quarter_and_indicators(new_context, world):
    page = new_context(**DESKTOP).new_page()
    sign_in_as_quality(page)
    page.goto(f"/quality/report?ward={world.ward.id}&period=2026-Q1")
    expect(page.get_by_role("heading", name="Solhaven · Hus A")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "council-report.pdf").write_bytes(pdf)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "council-report-print.png"), full_page=True)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for words in ("Solhaven · Hus A", "Q1 2026", "Self-determination: share answering yes",
                  "Continuity: share answering yes", "Residents who had a dialogue",
                  "5 of 6 residents had a dialogue this quarter.",
                  "4 of 5 agreed actions were followed up at the next dialogue.",
                  "Relatives: 3 of 5 answered the questionnaire.", "How to read a run chart"):
        assert words in text, words
    # The screen's filters, navigation and hints stay off paper.
    assert "Sign out" not in text and "Ctrl+P" not in text and "Council report" not in text
