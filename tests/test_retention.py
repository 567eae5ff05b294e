"""Retention: `survey purge` and erasure on request remove what identifies a resident,
keep the coded answers, and leave every indicator as it was."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from survey.indicators import indicators
from survey.models import ActionStatus, AgreedAction, Answer, AuditEvent, Resident, Response
from survey.retention import erase_resident, placeholder_label, purge
from tests.conftest import TEST_PASSWORD, Tablet

JAN, FEB = dt.datetime(2024, 1, 10), dt.datetime(2024, 2, 5)


def dialogue(questionnaire, resident, when, answers, note=None):
    response = Response.create(questionnaire=questionnaire, ward=resident.ward, kind="dialogue",
                               language="da", answered_by="resident", resident=resident,
                               status="complete", started_at=when, updated_at=when)
    for code, value in answers.items():
        Answer.create(response=response, item_code=code, value_code=value, answered_at=when)
    if note:
        Answer.create(response=response, item_code="vigtigt", value_text=note, answered_at=when)
    return response


@pytest.fixture
def history(app, world, min_hverdag):
    """Karen moved out in March 2024; Inge (the other ward) still lives there."""
    Resident.update(created_at=dt.datetime(2023, 1, 1)).execute()
    karen, inge = world.resident, world.other_resident
    first = dialogue(min_hverdag, karen, JAN, {"sb_dag": 1, "sb_mad": 3}, note="Min datter Lise")
    second = dialogue(min_hverdag, karen, FEB, {"sb_dag": 2}, note="Haven")
    dialogue(min_hverdag, inge, FEB, {"sb_dag": 1}, note="Inges egne ord")
    AgreedAction.create(response=first, resident=karen, what="Ringe til Lise", who="Anna",
                        how_we_know="Lise fortæller det", status=ActionStatus.DONE,
                        followed_up_in=second)
    karen.discharged_on = dt.date(2024, 3, 1)
    karen.save()
    return world


def every_indicator():
    return {granularity: indicators("min-hverdag", granularity)
            for granularity in ("month", "quarter", "year")}


def karen_texts(world) -> list:
    texts = [a.value_text for a in Answer.select().join(Response)
             .where(Response.resident == world.resident.id, Answer.value_text.is_null(False))]
    for action in AgreedAction.select().where(AgreedAction.resident == world.resident.id):
        texts += [t for t in (action.what, action.who, action.how_we_know) if t]
    return texts


def test_purge_erases_a_resident_discharged_longer_ago_than_the_retention_period(history, app):
    with app.app_context():
        done = purge(today=dt.date(2026, 3, 2), days=730)
    karen = Resident.get_by_id(history.resident.id)
    assert done.residents == 1
    assert karen.label == placeholder_label(karen.id)
    assert karen.erased_at is not None
    assert karen_texts(history) == []


def test_purge_keeps_a_resident_within_the_retention_period(history, app):
    with app.app_context():
        done = purge(today=dt.date(2026, 2, 27), days=730)
    assert done.residents == 0
    assert Resident.get_by_id(history.resident.id).label == "Stue 1 · Karen"


def test_purge_keeps_residents_still_living_there(history, app):
    with app.app_context():
        purge(today=dt.date(2030, 1, 1), days=730)
    inge = Resident.get_by_id(history.other_resident.id)
    assert inge.label == "Stue 11 · Inge"
    assert Answer.get(Answer.value_text == "Inges egne ord")


def test_purge_leaves_every_indicator_unchanged(history, app):
    before = every_indicator()
    with app.app_context():
        purge(today=dt.date(2026, 3, 2), days=730)
    assert every_indicator() == before


def test_purge_keeps_the_coded_answers(history, app):
    coded = Answer.select().where(Answer.value_code.is_null(False)).count()
    with app.app_context():
        purge(today=dt.date(2026, 3, 2), days=730)
    assert Answer.select().where(Answer.value_code.is_null(False)).count() == coded


def test_purge_keeps_the_follow_up_of_agreed_actions(history, app):
    with app.app_context():
        purge(today=dt.date(2026, 3, 2), days=730)
    action = AgreedAction.get(AgreedAction.resident == history.resident.id)
    assert action.status == ActionStatus.DONE and action.followed_up_in_id is not None


def test_purge_is_recorded_without_the_removed_text(history, app):
    with app.app_context():
        purge(today=dt.date(2026, 3, 2), days=730)
    erased = AuditEvent.get(AuditEvent.action == "erase_resident")
    assert erased.resident_id == history.resident.id
    assert json.loads(erased.detail)["reason"] == "retention"
    summary = json.loads(AuditEvent.get(AuditEvent.action == "purge").detail)
    assert summary["residents"] == 1 and summary["retention_days"] == 730
    trail = " ".join(e.detail or "" for e in AuditEvent.select())
    assert "Karen" not in trail and "Lise" not in trail


def test_a_dry_run_changes_nothing(history, app):
    with app.app_context():
        done = purge(today=dt.date(2026, 3, 2), days=730, dry_run=True)
    assert done.residents == 1
    assert Resident.get_by_id(history.resident.id).erased_at is None
    assert AuditEvent.select().where(AuditEvent.action == "purge").count() == 0


def test_purge_is_idempotent(history, app):
    with app.app_context():
        purge(today=dt.date(2026, 3, 2), days=730)
        again = purge(today=dt.date(2026, 3, 2), days=730)
    assert again.residents == 0


def test_erasure_on_request_leaves_every_indicator_unchanged(history, app):
    before = every_indicator()
    with app.app_context():
        erase_resident(Resident.get_by_id(history.other_resident.id), "request")
    assert every_indicator() == before
    assert Answer.select().where(Answer.value_text == "Inges egne ord").count() == 0


def test_the_purge_command_uses_the_retention_setting(history, app, runner):
    app.config["RETENTION_DAYS"] = 10
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "erased 1 resident(s)" in result.output
    assert Resident.get_by_id(history.resident.id).erased_at is not None


def test_the_purge_command_dry_run_counts(history, runner):
    result = runner.invoke(args=["purge", "--days", "10", "--dry-run"])
    assert "1 resident(s)" in result.output and "would be erased" in result.output
    assert Resident.get_by_id(history.resident.id).erased_at is None


def test_the_erase_command_erases_one_resident(history, runner):
    result = runner.invoke(args=["erase-resident", str(history.other_resident.id), "--yes"])
    assert result.exit_code == 0, result.output
    assert Resident.get_by_id(history.other_resident.id).erased_at is not None
    assert Resident.get_by_id(history.resident.id).erased_at is None


def test_the_erase_command_refuses_an_unknown_resident(app, runner):
    result = runner.invoke(args=["erase-resident", "999", "--yes"])
    assert result.exit_code != 0
    assert "no resident with id 999" in result.output


@pytest.fixture
def admin(client, history) -> Tablet:
    from survey.users import create_user

    create_user("root", "Root", TEST_PASSWORD, ["admin"])
    tablet = Tablet(client)
    tablet.sign_in("root")
    return tablet


def test_an_admin_erases_a_resident_on_request(admin, history):
    before = every_indicator()
    reply = admin.post(f"/admin/residents/{history.resident.id}/erase", {"confirm": "y"})
    assert reply.status_code == 303
    karen = Resident.get_by_id(history.resident.id)
    assert karen.erased_at is not None and karen_texts(history) == []
    assert every_indicator() == before
    event = AuditEvent.get(AuditEvent.action == "erase_resident")
    assert (event.username, event.role, json.loads(event.detail)["reason"]) == (
        "root", "admin", "request")


def test_erasure_needs_the_box_ticked(admin, history):
    reply = admin.post(f"/admin/residents/{history.resident.id}/erase", {})
    assert reply.status_code == 422
    assert Resident.get_by_id(history.resident.id).erased_at is None


def test_an_erased_resident_cannot_be_relabelled(admin, history):
    admin.post(f"/admin/residents/{history.resident.id}/erase", {"confirm": "y"})
    reply = admin.post(f"/admin/residents/{history.resident.id}",
                       {"ward": history.ward.id, "label": "Karen igen"})
    assert reply.status_code == 409
    assert Resident.get_by_id(history.resident.id).label == placeholder_label(history.resident.id)
