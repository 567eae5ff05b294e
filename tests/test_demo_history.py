"""`survey demo` on the shipped questionnaires: two years of history, a ward where a
change clearly worked, relatives' waves and staff pulses, so a fresh install shows real charts."""

from __future__ import annotations

import datetime as dt

import pytest

from survey import dashboard
from survey.demo_history import change_started
from survey.models import Annotation, InvitationWave, Response, Ward
from tests.conftest import PROJECT_DIR, Tablet

#: "Now" for the demo and the pages: the history is generated backwards from it.
NOW = dt.datetime(2026, 11, 20, 12, 0)


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "QUESTIONNAIRE_DIR": str(PROJECT_DIR / "questionnaires")}


@pytest.fixture
def demo(runner, monkeypatch: pytest.MonkeyPatch):
    import survey.demo
    import survey.views.quality.pages

    for module in (survey.demo, dashboard, survey.views.quality.pages):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return Ward.get(Ward.name == "Hus A")


@pytest.fixture
def quality(demo, client) -> Tablet:
    """The demo's quality-team member, signed in."""
    tablet = Tablet(client)
    tablet.sign_in("kvalitet", "kvalitet-demo")
    return tablet


def test_the_demo_marks_the_change_on_hus_a(demo):
    change = Annotation.get(Annotation.ward == demo)
    assert change.started_on == change_started(NOW.date()) == dt.date(2025, 12, 1)


def test_the_demo_has_past_relatives_waves_with_answers(demo):
    past = InvitationWave.select().where(InvitationWave.closed_at.is_null(False),
                                         InvitationWave.questionnaire_code == "paaroerende").count()
    assert past == 4
    assert Response.select().where(Response.kind == "relatives",
                                   Response.status == "complete").count() > 30


def test_the_last_quarters_council_report_shows_the_hus_a_signal(demo, quality):
    page = quality.get(f"/quality/report?ward={demo.id}&questionnaire=min-hverdag").get_data(
        as_text=True)
    assert "Q3 2026" in page
    assert "The run charts show a signal for: Self-determination" in page
    assert "Relatives: not measured yet." not in page


def test_the_council_report_offers_only_the_dialogue_questionnaires(demo, quality):
    page = quality.get("/quality/report").get_data(as_text=True)
    assert 'value="min-hverdag"' in page and 'value="paaroerende"' not in page


def test_relatives_charts_carry_the_response_rate_under_each_point(demo, quality):
    url = f"/quality/?questionnaire=paaroerende&ward={demo.id}&granularity=quarter"
    page = quality.get(url).get_data(as_text=True)
    assert '<th scope="col">Response rate</th>' in page
    assert "Coverage" not in page


def test_the_demo_staff_pulse_shows_on_the_run_charts_without_coverage(demo, quality):
    url = f"/quality/?questionnaire=personale&ward={demo.id}&granularity=quarter"
    page = quality.get(url).get_data(as_text=True)
    assert '<option selected value="staff">Staff</option>' in page
    assert "No answers to show yet." not in page and "hidden, too few answers" not in page
    assert "Coverage" not in page and "Response rate" not in page
