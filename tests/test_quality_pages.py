"""The quality pages over HTTP: who may see them, forms without JavaScript, bad input,
the ward comparison's hidden cells, the council report in plain words, the staff pulse."""

from __future__ import annotations

import datetime as dt

import pytest

from survey.models import (
    Annotation,
    ChartBaseline,
    Resident,
)
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet
from tests.quality_data import (  # noqa: F401 (fixtures)
    SELF_DETERMINATION,
    WORKING_ENVIRONMENT,
    annotate,
    answers,
    quarter_on_hus_a,
    staff_answers,
    today,
)

pytestmark = pytest.mark.usefixtures("today")

PAGES = ["/quality/", "/quality/comparison", "/quality/report"]


@pytest.fixture
def quality(client, world) -> Tablet:
    create_user("kvalitet", "Kvalitetsteamet", TEST_PASSWORD, ["quality"])
    tablet = Tablet(client)
    assert tablet.sign_in("kvalitet").status_code == 302
    return tablet


@pytest.fixture
def with_answers(world, min_hverdag):
    """Hus A: five answers a month through the first half of 2026 (3 yes, 2 no)."""
    for month in range(1, 7):
        answers(min_hverdag, world.ward, world.resident, f"2026-{month:02d}", yes=3, no=2)
    return world


def html(reply) -> str:
    return reply.get_data(as_text=True)


# --- Who may see and change what -------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, world, url):
    reply = client.get(url)
    assert reply.status_code in (302, 303) and "/login" in reply.headers["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_care_staff_are_refused_the_quality_pages(signed_in, url):
    assert signed_in.get(url).status_code == 403


def test_care_staff_cannot_mark_a_change(signed_in, world):
    reply = signed_in.post(f"/quality/wards/{world.ward.id}/annotations",
                           {"started_on": "2026-03-01", "title": "Nope"})
    assert reply.status_code == 403 and Annotation.select().count() == 0


@pytest.mark.parametrize("url", PAGES)
def test_administrators_may_read_the_quality_pages(client, world, url):
    create_user("admin", "Admin", TEST_PASSWORD, ["admin"])
    tablet = Tablet(client)
    tablet.sign_in("admin")
    assert tablet.get(url).status_code == 200


def test_administrators_cannot_set_the_quality_teams_marks(client, world):
    create_user("admin", "Admin", TEST_PASSWORD, ["admin"])
    tablet = Tablet(client)
    tablet.sign_in("admin")
    reply = tablet.post(f"/quality/wards/{world.ward.id}/annotations",
                        {"started_on": "2026-03-01", "title": "Nope"})
    assert reply.status_code == 403


def test_a_mark_posted_without_its_csrf_token_is_refused(quality, world):
    reply = quality.client.post(f"/quality/wards/{world.ward.id}/annotations",
                                data={"started_on": "2026-03-01", "title": "Forged"})
    assert reply.status_code == 400 and Annotation.select().count() == 0


# --- The dashboard ---------------------------------------------------------------------


def test_the_dashboard_shows_months_by_default(quality, with_answers):
    page = html(quality.get("/quality/"))
    assert "Each point is one month." in page
    assert "Run chart of 24 periods from July 2024 to June 2026." in page
    assert "Self-determination: share answering yes" in page


def test_the_dashboard_can_show_quarters(quality, with_answers):
    page = html(quality.get("/quality/?granularity=quarter"))
    assert "Each point is one quarter." in page
    assert "Run chart of 8 periods from Q3 2024 to Q2 2026." in page


def test_a_filter_change_by_htmx_gets_the_filters_and_charts_without_the_page(
        quality, with_answers):
    reply = quality.get("/quality/?group=markers", headers={"HX-Request": "true"})
    fragment = html(reply).lstrip()
    assert fragment.startswith('<div id="dashboard"') and "<html" not in fragment
    # The filters come along: their choices depend on the questionnaire chosen.
    assert '<option selected value="markers">' in fragment
    assert "HX-Request" in reply.headers["Vary"]


def test_unknown_filter_values_fall_back_to_the_defaults(quality, with_answers):
    reply = quality.get("/quality/?ward=99999&granularity=weekly&group=x&questionnaire=y")
    assert reply.status_code == 200 and "Each point is one month." in html(reply)


def test_a_change_marked_without_javascript_shows_on_that_wards_charts(quality, with_answers):
    world = with_answers
    reply = quality.post(f"/quality/wards/{world.ward.id}/annotations",
                         {"started_on": "2026-03-01", "title": "Residents choose breakfast time",
                          "granularity": "quarter"})
    assert reply.status_code == 303
    assert "granularity=quarter" in reply.headers["Location"]
    page = html(quality.get(reply.headers["Location"]))
    assert "The change is marked on the charts." in page
    assert 'class="rc-change"' in page and "Residents choose breakfast time" in page


def test_a_change_on_one_ward_is_not_on_another_wards_charts(quality, with_answers):
    world = with_answers
    annotate(world.ward, dt.date(2026, 3, 1), "Residents choose breakfast time")
    page = html(quality.get(f"/quality/?ward={world.other_ward.id}"))
    assert 'class="rc-change"' not in page and "Residents choose breakfast time" not in page


def test_a_change_without_a_title_is_refused_with_a_message(quality, with_answers):
    reply = quality.post(f"/quality/wards/{with_answers.ward.id}/annotations",
                         {"started_on": "2026-03-01", "title": "  "})
    assert reply.status_code == 422
    assert "This field is required." in html(reply)
    assert Annotation.select().count() == 0


def test_a_change_on_an_impossible_date_is_refused_with_a_message(quality, with_answers):
    reply = quality.post(f"/quality/wards/{with_answers.ward.id}/annotations",
                         {"started_on": "2026-02-30", "title": "Breakfast"})
    assert reply.status_code == 422
    assert "Not a valid date value." in html(reply)


def test_a_change_on_an_unknown_ward_is_not_found(quality, world):
    reply = quality.post("/quality/wards/99999/annotations",
                         {"started_on": "2026-03-01", "title": "Breakfast"})
    assert reply.status_code == 404


def test_a_change_mark_can_be_removed(quality, world):
    change = annotate(world.ward, dt.date(2026, 3, 1), "By mistake")
    reply = quality.post(f"/quality/annotations/{change.id}/delete")
    assert reply.status_code == 303 and Annotation.select().count() == 0


def freeze_through_march(tablet: Tablet, ward, questionnaire: str, indicator: str) -> str:
    """Freeze a chart's median on the periods up to March 2026; the chart's page after."""
    reply = tablet.post(f"/quality/wards/{ward.id}/baselines",
                        {"questionnaire": questionnaire, "indicator": indicator,
                         "frozen_through": "2026-03"})
    assert reply.status_code == 303
    return html(tablet.get(reply.headers["Location"]))


def test_freezing_the_median_freezes_it_on_the_chart(quality, with_answers):
    page = freeze_through_march(quality, with_answers.ward, "min-hverdag", SELF_DETERMINATION)
    assert ChartBaseline.get().frozen_through == "2026-03"
    assert "The median is frozen on the periods up to March 2026." in page


def test_freezing_on_a_period_that_does_not_exist_is_refused_with_a_message(quality, world):
    reply = quality.post(f"/quality/wards/{world.ward.id}/baselines",
                         {"questionnaire": "min-hverdag", "indicator": SELF_DETERMINATION,
                          "frozen_through": "2026-13"})
    assert reply.status_code == 400
    assert "Choose the last month or quarter of the baseline" in html(reply)
    assert ChartBaseline.select().count() == 0


def test_freezing_an_unknown_chart_is_refused_with_a_message(quality, world):
    reply = quality.post(f"/quality/wards/{world.ward.id}/baselines",
                         {"questionnaire": "min-hverdag", "indicator": "marker:nothing",
                          "frozen_through": "2026-03"})
    assert reply.status_code == 400
    assert "This chart cannot be found." in html(reply)


def test_unfreezing_lets_the_median_follow_every_point(quality, world):
    ChartBaseline.create(ward=world.ward, questionnaire_code="min-hverdag",
                         indicator=SELF_DETERMINATION, frozen_through="2026-03")
    reply = quality.post(f"/quality/wards/{world.ward.id}/baselines/delete",
                         {"questionnaire": "min-hverdag", "indicator": SELF_DETERMINATION})
    assert reply.status_code == 303 and ChartBaseline.select().count() == 0


# --- Ward comparison -------------------------------------------------------------------


def comparison(tablet: Tablet) -> str:
    return html(tablet.get("/quality/comparison?granularity=quarter&period=2026-Q1"))


def test_the_comparison_shows_a_small_ward_and_its_neighbour_as_hidden(
        quality, world, min_hverdag):
    answers(min_hverdag, world.ward, world.resident, "2026-02", yes=2, no=2)
    answers(min_hverdag, world.other_ward, world.other_resident, "2026-02", yes=3, no=3)
    page = comparison(quality)
    assert "hidden<sup>*</sup>" in page and "hidden<sup>†</sup>" in page
    # The site and the organisation rest on 10 answers: 5 of 10 = 50 %.
    assert page.count("<strong>50%</strong> <span class=\"muted cell-n\">n&nbsp;=&nbsp;10") == 2
    assert "n&nbsp;=&nbsp;4" not in page and "n&nbsp;=&nbsp;6" not in page


def test_the_comparison_shows_wards_on_exactly_five_answers(quality, world, min_hverdag):
    answers(min_hverdag, world.ward, world.resident, "2026-02", yes=4, no=1)
    answers(min_hverdag, world.other_ward, world.other_resident, "2026-02", yes=1, no=4)
    page = comparison(quality)
    assert "hidden<sup>" not in page
    assert "<strong>80%</strong>" in page and "<strong>20%</strong>" in page


# --- The council report ----------------------------------------------------------------


def report(tablet: Tablet, ward) -> str:
    reply = tablet.get(f"/quality/report?ward={ward.id}&period=2026-Q1")
    assert reply.status_code == 200
    return html(reply)


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_names_the_ward_the_quarter_and_the_indicators(quality, world):
    page = report(quality, world.ward)
    assert "Solhaven · Hus A" in page
    assert "Q1 2026 · January 1, 2026 – March 31, 2026" in page
    assert "Self-determination: share answering yes" in page


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_tells_the_dialogue_coverage_in_words(quality, world):
    assert "5 of 6 residents had a dialogue this quarter." in report(quality, world.ward)


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_tells_the_follow_up_of_agreed_actions_in_words(quality, world):
    page = report(quality, world.ward)
    assert "4 of 5 agreed actions were followed up at the next dialogue." in page


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_tells_the_relatives_response_rate(quality, world):
    page = report(quality, world.ward)
    assert "Relatives: 3 of 5 answered the questionnaire." in page
    assert "Response rate: 60% (3 of 5 letters)." in page


def test_the_report_hides_the_coverage_of_a_small_ward(quality, world, min_hverdag):
    Resident.update(admitted_on=dt.date(2025, 1, 1)).execute()
    answers(min_hverdag, world.ward, world.resident, "2026-02", yes=5)
    page = report(quality, world.ward)
    assert "Dialogues: the number is hidden, because the ward is small." in page
    assert "Relatives: not measured yet." in page


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_draws_monthly_run_charts_up_to_the_quarters_end(quality, world):
    page = report(quality, world.ward)
    assert "Run chart of 24 periods from April 2024 to March 2026." in page
    assert "<desc" in page and 'role="img"' in page


@pytest.mark.usefixtures("quarter_on_hus_a")
def test_the_report_falls_back_on_wrong_filters(quality, world):
    reply = quality.get("/quality/report?ward=abc&period=2026-Q9&questionnaire=nope")
    assert reply.status_code == 200 and "Report for the quality council" in html(reply)


def test_a_change_with_an_invisible_control_character_is_refused_with_a_message(
        quality, world):
    reply = quality.post(f"/quality/wards/{world.ward.id}/annotations",
                         {"started_on": "2026-03-01", "title": "Breakfast\x00"})
    assert reply.status_code == 422
    assert "Remove the invisible control characters from the text." in html(reply)


def test_unfreezing_an_unknown_chart_is_refused_with_a_message(quality, world):
    reply = quality.post(f"/quality/wards/{world.ward.id}/baselines/delete",
                         {"questionnaire": "min-hverdag\x00", "indicator": SELF_DETERMINATION})
    assert reply.status_code == 400 and "This chart cannot be found." in html(reply)


def test_the_legend_explains_the_hidden_mark_only_when_a_point_is_hidden(
        quality, with_answers, min_hverdag):
    assert "diamond: hidden, too few answers" not in html(quality.get("/quality/"))
    answers(min_hverdag, with_answers.ward, with_answers.resident, "2025-11", yes=2, no=2)
    assert "diamond: hidden, too few answers" in html(quality.get("/quality/"))


# --- The staff pulse -------------------------------------------------------------------


@pytest.fixture
def with_staff_answers(world, personale):
    """Hus A: five staff pulse answers a month through the first half of 2026 (4 agree)."""
    for month in range(1, 7):
        staff_answers(personale, world.ward, f"2026-{month:02d}", agree=4, disagree=1)
    return world


def staff_dashboard(tablet: Tablet, ward) -> str:
    return html(tablet.get(f"/quality/?questionnaire=personale&ward={ward.id}"))


def test_the_dashboard_offers_the_staff_pulse(quality, with_answers, personale):
    page = html(quality.get("/quality/"))
    assert '<option value="personale">Staff pulse</option>' in page


def test_the_staff_pulse_charts_show_the_staff_series(quality, with_staff_answers):
    page = staff_dashboard(quality, with_staff_answers.ward)
    assert "Working environment: share agreeing" in page
    assert '<option selected value="staff">Staff</option>' in page
    assert 'value="resident"' not in page and 'value="relative"' not in page


def test_the_staff_pulse_charts_show_quarters_until_the_reader_chooses(quality, with_staff_answers):
    page = staff_dashboard(quality, with_staff_answers.ward)
    assert '<option selected value="quarter">Quarters</option>' in page
    chosen = html(quality.get(f"/quality/?questionnaire=personale&ward={with_staff_answers.ward.id}"
                              "&granularity=month"))
    assert '<option selected value="month">Months</option>' in chosen


def test_choosing_the_staff_pulse_in_the_filters_starts_it_in_quarters(quality, with_staff_answers):
    # The form sends the period length shown for the questionnaire chosen before.
    page = html(quality.get(f"/quality/?questionnaire=personale&ward={with_staff_answers.ward.id}"
                            "&granularity=month&shown=min-hverdag"))
    assert '<option selected value="quarter">Quarters</option>' in page
    assert 'name="shown" value="personale"' in page


def test_dialogue_charts_still_show_months_by_default(quality, with_answers):
    assert '<option selected value="month">Months</option>' in html(quality.get("/quality/"))


def test_the_staff_pulse_charts_have_no_coverage_or_response_rate_line(
        quality, with_staff_answers):
    page = staff_dashboard(quality, with_staff_answers.ward)
    assert "Coverage" not in page and "Response rate" not in page
    # Nor the group of dialogue process figures, which staff answers have none of.
    assert 'value="process"' not in page


def test_the_comparison_hides_a_ward_with_fewer_staff_answers_than_the_minimum(
        quality, world, personale):
    staff_answers(personale, world.ward, "2026-02", agree=2, disagree=2)
    staff_answers(personale, world.other_ward, "2026-02", agree=3, disagree=3)
    page = html(quality.get("/quality/comparison?questionnaire=personale"
                            "&granularity=quarter&period=2026-Q1"))
    assert "hidden<sup>*</sup>" in page and "hidden<sup>†</sup>" in page
    assert "n&nbsp;=&nbsp;4" not in page and "n&nbsp;=&nbsp;6" not in page


def test_a_staff_pulse_chart_median_can_be_frozen(quality, with_staff_answers):
    page = freeze_through_march(quality, with_staff_answers.ward, "personale", WORKING_ENVIRONMENT)
    assert ChartBaseline.get().questionnaire_code == "personale"
    assert "The median is frozen on the periods up to March 2026." in page


def test_the_council_report_stays_on_the_dialogues(quality, with_staff_answers, min_hverdag):
    page = report(quality, with_staff_answers.ward)
    assert 'value="personale"' not in page and 'value="min-hverdag"' in page
