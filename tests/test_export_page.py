"""The download page /quality/exports and the rights and audit trail every export path shares."""

from __future__ import annotations

import csv
import io
import json

from survey.models import AuditEvent, User
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet
from tests.export_support import make_response, quality_user, run_export

URL = "/quality/exports/"


def quality_tablet(client, username: str = "kvalitet", free_text: bool = True) -> Tablet:
    quality_user(username, free_text=free_text)
    tablet = Tablet(client)
    assert tablet.sign_in(username).status_code == 302
    return tablet


def form(**choices) -> dict:
    return {"export_format": "csv-wide", "questionnaire": "min-hverdag", "granularity": "quarter",
            **choices}


def events(action: str = "export") -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


def test_page_offers_every_format_without_javascript(client, world, min_hverdag):
    tablet = quality_tablet(client)
    page = tablet.get(URL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'method="post" action="{URL}"' in html
    for name in ("csv-long", "csv-wide", "codebook", "codebook-json", "indicators", "xlsx", "datapackage"):
        assert f'value="{name}"' in html
    assert "Hus A" in html and "Hus B" in html


def test_download_streams_the_same_file_as_the_command(client, runner, tmp_path, world, min_hverdag):
    tablet = quality_tablet(client)
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    reply = tablet.post(URL, form())
    assert reply.status_code == 200
    assert reply.mimetype == "text/csv"
    disposition = reply.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="survey-min-hverdag-csv-wide-')
    assert reply.headers["Cache-Control"] == "no-store"
    out, _ = run_export(runner, tmp_path, "csv-wide", "--questionnaire", "min-hverdag")
    assert reply.get_data() == out.read_bytes()


def test_download_is_recorded_with_who_filter_and_rows(client, world, min_hverdag):
    tablet = quality_tablet(client)
    for _ in range(3):
        make_response(min_hverdag, world.ward, {"sb_dag": 1})
    reply = tablet.post(URL, form(wards=[world.ward.id], period_from="2026-Q1", period_to="2026-03"))
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
    [event] = events()
    detail = json.loads(event.detail)
    assert (event.username, event.role) == ("kvalitet", "quality")
    assert event.at is not None
    assert detail["format"] == "csv-wide" and detail["via"] == "page"
    assert detail["wards"] == [world.ward.id]
    assert (detail["period_from"], detail["period_to"]) == ("2026-Q1", "2026-03")
    assert detail["rows"] == len(rows) == 3
    assert detail["free_text"] is False


def test_command_export_is_recorded_in_the_users_name(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    run_export(runner, tmp_path, "indicators", "--questionnaire", "min-hverdag")
    [event] = events()
    detail = json.loads(event.detail)
    assert event.username == "kvalitet"
    assert (detail["format"], detail["via"], detail["questionnaire"]) == ("indicators", "cli", "min-hverdag")
    assert detail["rows"] > 0


def test_free_text_export_is_flagged_in_the_audit_trail(client, world, min_hverdag):
    tablet = quality_tablet(client)
    make_response(min_hverdag, world.ward, {"sb_dag": 1, "vigtigt": "Min datter Lise"})
    reply = tablet.post(URL, form(include_free_text="y"))
    assert "Min datter Lise" in reply.get_data(as_text=True)
    assert events() == []
    [event] = events("export_free_text")
    assert json.loads(event.detail)["free_text"] is True


def test_free_text_is_refused_to_quality_staff_not_granted_it(client, world, min_hverdag):
    tablet = quality_tablet(client, free_text=False)
    make_response(min_hverdag, world.ward, {"vigtigt": "Min datter Lise"})
    reply = tablet.post(URL, form(include_free_text="y"))
    assert reply.status_code == 403
    assert "You have not been granted reading free text" in reply.get_data(as_text=True)
    assert events("export_free_text") == []


def test_command_refuses_free_text_to_quality_staff_not_granted_it(runner, tmp_path, world):
    quality_user(free_text=False)
    out, result = run_export(runner, tmp_path, "csv-long", "--include-free-text", expect_ok=False)
    assert result.exit_code == 1 and "not been granted reading free text" in result.output
    assert not out.exists()


def test_staff_get_403_on_the_page_and_its_download(signed_in, world):
    assert signed_in.get(URL).status_code == 403
    assert signed_in.post(URL, form()).status_code == 403
    assert events() == []


def test_administrators_are_not_the_quality_team(client, world):
    create_user("ada", "Ada", TEST_PASSWORD, ["admin"], [])
    tablet = Tablet(client)
    tablet.sign_in("ada")
    assert tablet.get(URL).status_code == 403


def test_visitors_are_sent_to_sign_in(client, world):
    reply = client.get(URL)
    assert reply.status_code in (302, 303)
    assert "/login" in reply.headers["Location"]


def test_command_refuses_staff_and_unknown_users(runner, tmp_path, world):
    out, result = run_export(runner, tmp_path, "csv-long", user="anna", expect_ok=False)
    assert result.exit_code == 1 and "only the quality team may export" in result.output
    _, result = run_export(runner, tmp_path, "csv-long", user="nobody", expect_ok=False)
    assert result.exit_code == 1 and "no user 'nobody'" in result.output
    assert not out.exists() and events() == []


def test_command_refuses_a_deactivated_quality_member(runner, tmp_path, world):
    user = quality_user()
    User.update(active=False).where(User.id == user.id).execute()
    _, result = run_export(runner, tmp_path, "csv-long", expect_ok=False)
    assert result.exit_code == 1 and "sign in as a member of the quality team" in result.output


def test_a_wrong_period_on_the_page_answers_400_with_a_message(client, world, min_hverdag):
    tablet = quality_tablet(client)
    reply = tablet.post(URL, form(period_from="spring"))
    assert reply.status_code == 400
    assert "Write a period as 2026, 2026-Q1 or 2026-03." in reply.get_data(as_text=True)
    reply = tablet.post(URL, form(period_from="2026-Q3", period_to="2026-Q1"))
    assert reply.status_code == 400
    assert "The last period comes before the first." in reply.get_data(as_text=True)


def test_an_unknown_format_or_questionnaire_answers_400(client, world, min_hverdag):
    tablet = quality_tablet(client)
    assert tablet.post(URL, form(export_format="pdf")).status_code == 400
    assert tablet.post(URL, form(questionnaire="nope")).status_code == 400


def test_xlsx_and_data_package_download_as_files(client, world, min_hverdag):
    tablet = quality_tablet(client)
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    xlsx = tablet.post(URL, form(export_format="xlsx"))
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"
    assert xlsx.headers["Content-Disposition"].endswith('.xlsx"')
    package = tablet.post(URL, form(export_format="datapackage"))
    assert package.mimetype == "application/zip" and package.get_data()[:2] == b"PK"
    assert [json.loads(e.detail)["rows"] for e in events()] == [1, 1]


def test_a_download_stopped_halfway_is_recorded_as_incomplete(app, world, min_hverdag):
    from survey.export.filters import ExportFilter
    from survey.export.run import FORMATS, stream_text

    user = quality_user()
    for _ in range(400):
        make_response(min_hverdag, world.ward, {"sb_dag": 1, "sb_mad": 2, "tryg": 3})
    with app.app_context():
        body = stream_text(FORMATS["csv-long"], ExportFilter(), user, "page")
        next(body)
        body.close()  # what the server does when the browser goes away
    [event] = events()
    detail = json.loads(event.detail)
    assert detail["complete"] is False and 0 < detail["rows"] < 1200


def test_text_downloads_are_streamed_not_built_in_memory(client, world, min_hverdag):
    tablet = quality_tablet(client)
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    reply = tablet.post(URL, form(export_format="csv-long"), buffered=False)
    assert reply.is_streamed
    assert b"sb_dag" in b"".join(reply.response)
    reply.close()


def test_page_offers_the_staff_pulse(client, world, personale):
    html = quality_tablet(client).get(URL).get_data(as_text=True)
    assert 'value="personale"' in html and 'value="min-hverdag"' in html
