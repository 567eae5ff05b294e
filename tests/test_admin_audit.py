"""The audit log for administrators: read, filter, export as CSV (inert in a
spreadsheet), print who looked at one resident's data; no route changes it."""

from __future__ import annotations

import csv
import io
import re

import pytest

from survey import audit
from survey.models import AuditEvent, Response
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet


@pytest.fixture
def admin(client, world) -> Tablet:
    create_user("root", "Root", TEST_PASSWORD, ["admin"])
    tablet = Tablet(client)
    tablet.sign_in("root")
    return tablet


def rows_of(reply) -> list[list[str]]:
    return list(csv.reader(io.StringIO(reply.get_data(as_text=True))))


def test_the_log_shows_sign_ins(admin):
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Signed in" in page and "root" in page


def test_the_log_filters_by_user(admin, world, client):
    staff = Tablet(client.application.test_client())
    staff.sign_in("anna")
    page = admin.get("/admin/audit?username=anna").get_data(as_text=True)
    assert "anna" in page
    assert "<td>root</td>" not in page


def test_a_bad_filter_is_refused_with_a_message(admin):
    reply = admin.get("/admin/audit?resident=abc")
    assert reply.status_code == 400
    assert "A number." in reply.get_data(as_text=True)


def test_the_csv_export_has_the_filtered_events_and_is_audited(admin):
    reply = admin.get("/admin/audit.csv?action=sign_in")
    assert reply.status_code == 200
    assert reply.mimetype == "text/csv"
    assert "attachment" in reply.headers["Content-Disposition"]
    rows = rows_of(reply)
    assert rows[0][:5] == ["id", "at_utc", "username", "role", "action"]
    assert {row[4] for row in rows[1:]} == {"sign_in"}
    assert AuditEvent.select().where(AuditEvent.action == "export_audit_log").count() == 1


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_csv_export_neutralises_formula_starts(admin, start):
    audit.record("sign_in_failed", detail={"username": f"{start}HYPERLINK(\"http://evil\")"})
    AuditEvent.update(username=f"{start}cmd|' /C calc'!A0").where(
        AuditEvent.action == "sign_in_failed").execute()
    rows = rows_of(admin.get("/admin/audit.csv?action=sign_in_failed"))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{start}cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_no_route_edits_or_deletes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods - {"GET", "HEAD", "OPTIONS"} == set(), rule.rule


def test_the_access_report_lists_who_looked_when_and_in_which_role(admin, world, client):
    staff = Tablet(client.application.test_client())
    staff.sign_in("anna")
    assert staff.get(f"/residents/{world.resident.id}/history").status_code == 200
    page = admin.get(f"/admin/residents/{world.resident.id}/access").get_data(as_text=True)
    assert "Anna (anna)" in page
    assert "Looked at the resident&#39;s history" in page
    assert "<td>staff</td>" in page
    assert re.search(r"/assets/css/print\.[0-9a-f]{12}\.css", page)


def test_printing_the_access_report_is_itself_recorded(admin, world):
    admin.get(f"/admin/residents/{world.resident.id}/access")
    event = AuditEvent.get(AuditEvent.action == "print_resident_access")
    assert (event.resident_id, event.username, event.role) == (world.resident.id, "root", "admin")


def test_the_access_report_shows_no_other_resident(admin, world, client):
    staff = Tablet(client.application.test_client())
    staff.sign_in("anna")
    staff.get(f"/residents/{world.resident.id}/history")
    page = admin.get(f"/admin/residents/{world.other_resident.id}/access").get_data(as_text=True)
    assert "Anna (anna)" not in page


def test_the_access_report_lists_the_staff_who_held_dialogues(admin, world, min_hverdag):
    Response.create(questionnaire=min_hverdag, ward=world.ward, kind="dialogue", language="da",
                    answered_by="resident", resident=world.resident, staff=world.worker)
    page = admin.get(f"/admin/residents/{world.resident.id}/access").get_data(as_text=True)
    assert "Dialogues held with the resident" in page
    assert page.count("Anna (anna)") == 1
