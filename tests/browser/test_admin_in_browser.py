"""The admin pages in a real browser with JavaScript off: plain forms do everything."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from survey.models import AuditEvent, Resident, User
from survey.users import create_user
from tests.browser.conftest import ARTIFACTS, TABLET
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(new_context, world):
    create_user("root", "Root", TEST_PASSWORD, ["admin"])
    page = new_context(java_script_enabled=False, **TABLET).new_page()
    page.goto("/login")
    page.locator("input[name='username']").fill("root")
    page.locator("input[name='password']").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.locator(".menu summary").click()  # the top bar's menu: a <details>, no script needed
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    return page


def test_an_admin_creates_a_user_with_two_roles_without_javascript(admin_page, world):
    page = admin_page
    page.get_by_role("link", name="Users", exact=True).first.click()
    page.get_by_role("link", name="Create a user").click()
    page.get_by_label("User name").fill("bente")
    page.get_by_label("Name shown in the app").fill("Bente")
    page.get_by_label("Staff: dialogues on their own wards").check()
    page.get_by_label("Quality team: dashboards and exports for all wards").check()
    page.get_by_label("Hus A").check()
    page.get_by_label("First password").fill("long enough pw")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-new-user.png"), full_page=True)
    page.get_by_role("button", name="Create the user").click()
    expect(page.get_by_text("The user bente is created.")).to_be_visible()
    user = User.get(User.username == "bente")
    assert sorted(user.roles.split()) == ["quality", "staff"]
    assert AuditEvent.select().where(AuditEvent.action == "create_user").count() == 1


def test_an_admin_erases_a_resident_without_javascript(admin_page, world):
    page = admin_page
    page.goto(f"/admin/residents/{world.resident.id}/erase")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("The resident is erased.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "admin-residents.png"), full_page=True)
    assert Resident.get_by_id(world.resident.id).erased_at is not None
