"""The admin pages: sites, wards, users, residents, questionnaire versions, each change in
the audit trail."""

from __future__ import annotations

import json

import pytest

from survey.models import AuditEvent, Resident, Role, Site, User, UserSession, Ward
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet


@pytest.fixture
def admin(client, world) -> Tablet:
    create_user("root", "Root", TEST_PASSWORD, ["admin"])
    tablet = Tablet(client)
    assert tablet.sign_in("root").status_code == 302
    return tablet


def last_event(action: str) -> AuditEvent:
    return AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id.desc()).get()


def detail_of(event: AuditEvent) -> dict:
    return json.loads(event.detail or "{}")


def test_every_admin_page_answers(admin, world):
    for url in ("/admin/", "/admin/sites", "/admin/users", "/admin/users/new",
                f"/admin/users/{world.worker.id}", "/admin/residents", "/admin/residents/new",
                f"/admin/residents/{world.resident.id}", f"/admin/residents/{world.resident.id}/erase",
                f"/admin/residents/{world.resident.id}/access", "/admin/questionnaires",
                "/admin/audit"):
        reply = admin.get(url)
        assert reply.status_code == 200, url
        assert reply.headers["Cache-Control"] == "no-store", url


def test_the_nav_links_the_admin_pages_for_admins_only(admin, client, world):
    assert 'href="/admin/"' in admin.get("/questionnaires").get_data(as_text=True)
    staff = Tablet(client)
    admin.post("/logout")
    staff.sign_in("anna")
    assert 'href="/admin/"' not in staff.get("/questionnaires").get_data(as_text=True)


def test_staff_cannot_open_the_admin_pages(signed_in):
    assert signed_in.get("/admin/").status_code == 403


def test_an_admin_adds_a_site_and_it_is_audited(admin):
    reply = admin.post("/admin/sites", {"name": "Egebo"})
    assert reply.status_code == 303
    site = Site.get(Site.name == "Egebo")
    event = last_event("create_site")
    assert (event.object_id, event.username, event.role) == (site.id, "root", "admin")


def test_a_taken_site_name_is_refused_with_a_message(admin, world):
    reply = admin.post("/admin/sites", {"name": "Solhaven"})
    assert reply.status_code == 409
    assert "already a site with this name" in reply.get_data(as_text=True)


def test_an_admin_renames_a_ward_and_the_trail_keeps_the_old_name(admin, world):
    reply = admin.post(f"/admin/wards/{world.ward.id}", {"site": world.site.id, "name": "Hus C"})
    assert reply.status_code == 303
    assert Ward.get_by_id(world.ward.id).name == "Hus C"
    assert detail_of(last_event("change_ward"))["before"]["name"] == "Hus A"


def test_an_admin_adds_a_ward(admin, world):
    assert admin.post("/admin/wards", {"site": world.site.id, "name": "Hus D"}).status_code == 303
    assert Ward.get_or_none(Ward.name == "Hus D") is not None
    assert last_event("create_ward").role == "admin"


def test_an_empty_ward_name_is_refused(admin, world):
    reply = admin.post("/admin/wards", {"site": world.site.id, "name": ""})
    assert reply.status_code == 422
    assert Ward.select().count() == 2


def test_an_admin_creates_a_user_with_several_roles_and_wards(admin, world):
    reply = admin.post("/admin/users/new", {
        "username": "Bente", "display_name": "Bente", "password": "long enough pw",
        "roles": ["staff", "quality"], "wards": [world.ward.id, world.other_ward.id]})
    assert reply.status_code == 303, reply.get_data(as_text=True)
    user = User.get(User.username == "bente")
    assert sorted(user.roles.split()) == ["quality", "staff"]
    assert {w.id for w in user.wards()} == {world.ward.id, world.other_ward.id}
    detail = detail_of(last_event("create_user"))
    assert detail["roles"] == ["quality", "staff"]
    assert "password" not in json.dumps(detail).replace("password_hash", "")


def test_a_user_needs_a_role(admin, world):
    reply = admin.post("/admin/users/new", {"username": "x", "display_name": "X",
                                            "password": "long enough pw"})
    assert reply.status_code == 422
    assert "Choose at least one role" in reply.get_data(as_text=True)


def test_a_taken_user_name_is_refused(admin, world):
    reply = admin.post("/admin/users/new", {"username": "anna", "display_name": "A",
                                            "password": "long enough pw", "roles": ["staff"]})
    assert reply.status_code == 422
    assert "is taken" in reply.get_data(as_text=True)


def test_changing_roles_wards_and_grant_is_audited_with_before_and_after(admin, world):
    reply = admin.post(f"/admin/users/{world.worker.id}", {
        "display_name": "Anna", "roles": ["staff", "quality"], "wards": [world.other_ward.id],
        "can_read_free_text": "y"})
    assert reply.status_code == 303
    user = User.get_by_id(world.worker.id)
    assert user.has_role(Role.QUALITY)
    assert user.can_read_free_text
    assert [w.id for w in user.wards()] == [world.other_ward.id]
    detail = detail_of(last_event("change_user_access"))
    assert detail["roles"] == {"before": ["staff"], "after": ["quality", "staff"]}
    assert detail["wards"] == {"before": [world.ward.id], "after": [world.other_ward.id]}
    assert detail["can_read_free_text"] == {"before": False, "after": True}


def test_an_admin_cannot_take_away_their_own_admin_role(admin):
    root = User.get(User.username == "root")
    reply = admin.post(f"/admin/users/{root.id}", {"display_name": "Root", "roles": ["staff"]})
    assert reply.status_code == 422
    assert User.get_by_id(root.id).has_role(Role.ADMIN)


def test_a_new_password_is_audited_without_the_password(admin, world):
    reply = admin.post(f"/admin/users/{world.worker.id}", {
        "display_name": "Anna", "roles": ["staff"], "wards": [world.ward.id],
        "new_password": "a brand new one"})
    assert reply.status_code == 303
    event = last_event("reset_password")
    assert "a brand new one" not in (event.detail or "")
    assert Tablet(admin.client.application.test_client()).sign_in(
        "anna", "a brand new one").status_code == 302


def test_deactivating_a_user_signs_them_out_and_is_audited(admin, client, world):
    other = Tablet(client.application.test_client())
    other.sign_in("anna")
    reply = admin.post(f"/admin/users/{world.worker.id}/deactivate")
    assert reply.status_code == 303
    assert not User.get_by_id(world.worker.id).active
    assert UserSession.select().where(UserSession.user == world.worker.id,
                                      UserSession.ended_at.is_null()).count() == 0
    reply = other.get(f"/wards/{world.ward.id}")
    assert reply.status_code in (302, 303)
    assert "/login" in reply.headers["Location"]
    assert last_event("deactivate_user").object_id == world.worker.id


def test_an_admin_cannot_deactivate_themselves(admin):
    root = User.get(User.username == "root")
    admin.post(f"/admin/users/{root.id}/deactivate")
    assert User.get_by_id(root.id).active


def test_a_deactivated_user_can_be_let_back_in(admin, world):
    admin.post(f"/admin/users/{world.worker.id}/deactivate")
    admin.post(f"/admin/users/{world.worker.id}/activate")
    assert User.get_by_id(world.worker.id).active
    assert last_event("activate_user").object_id == world.worker.id


def test_an_admin_adds_a_resident_and_the_trail_names_no_label(admin, world):
    reply = admin.post("/admin/residents/new", {"ward": world.ward.id, "label": "Stue 7 · Poul",
                                                "admitted_on": "2025-01-10"})
    assert reply.status_code == 303
    resident = Resident.get(Resident.label == "Stue 7 · Poul")
    event = last_event("create_resident")
    assert event.resident_id == resident.id
    assert "Poul" not in (event.detail or "")


def test_a_cpr_number_as_label_is_refused(admin, world):
    reply = admin.post("/admin/residents/new", {"ward": world.ward.id, "label": "010203-1234"})
    assert reply.status_code == 422
    assert "CPR" in reply.get_data(as_text=True)
    assert Resident.select().where(Resident.label == "010203-1234").count() == 0


def test_a_label_taken_on_the_ward_is_refused(admin, world):
    reply = admin.post("/admin/residents/new", {"ward": world.ward.id, "label": world.resident.label})
    assert reply.status_code == 422
    assert "has this label" in reply.get_data(as_text=True)


def test_moving_out_before_moving_in_is_refused(admin, world):
    reply = admin.post(f"/admin/residents/{world.resident.id}", {
        "ward": world.ward.id, "label": "Stue 1 · Karen", "admitted_on": "2025-05-01",
        "discharged_on": "2025-04-01"})
    assert reply.status_code == 422


def test_an_admin_records_a_discharge(admin, world):
    reply = admin.post(f"/admin/residents/{world.resident.id}", {
        "ward": world.ward.id, "label": "Stue 1 · Karen", "discharged_on": "2026-01-31"})
    assert reply.status_code == 303
    assert str(Resident.get_by_id(world.resident.id).discharged_on) == "2026-01-31"
    assert detail_of(last_event("change_resident"))["after"]["discharged_on"] == "2026-01-31"


def test_the_questionnaire_versions_are_listed(admin, min_hverdag):
    page = admin.get("/admin/questionnaires").get_data(as_text=True)
    assert "min-hverdag" in page



def test_a_short_first_password_is_refused_with_the_minimum_length(admin, world):
    reply = admin.post("/admin/users/new", {"username": "kort", "display_name": "Kort",
                                            "password": "short", "roles": ["staff"]})
    assert reply.status_code == 422
    assert "At least 8 characters." in reply.get_data(as_text=True)
    assert User.get_or_none(User.username == "kort") is None


def test_the_admin_pages_render_in_danish(admin, world):
    admin.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "da"
    for url in ("/admin/", "/admin/sites", "/admin/users", "/admin/residents", "/admin/audit",
                f"/admin/residents/{world.resident.id}/access"):
        reply = admin.get(url)
        assert reply.status_code == 200, url
        assert 'lang="da"' in reply.get_data(as_text=True)


def test_the_create_user_command_is_audited(runner, world):
    result = runner.invoke(args=["create-user", "carl", "--role", "quality", "--role", "staff",
                                 "--ward", str(world.ward.id), "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    detail = detail_of(last_event("create_user"))
    assert detail["roles"] == ["quality", "staff"] and detail["via"] == "command line"
