"""`survey demo`: a fresh install shows wards, residents, history and the demo logins."""

from survey.models import AgreedAction, Resident, Response, ResponseStatus, Site, User
from tests.conftest import Tablet


def test_demo_creates_sites_staff_residents_and_dialogues_and_prints_logins(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "anna / anna-demo" in result.output
    assert Site.select().count() == 2
    assert User.select().count() == 4
    assert Resident.select().where(Resident.discharged_on.is_null()).count() >= 9
    assert Response.select().where(Response.status == ResponseStatus.COMPLETE).count() > 300
    assert AgreedAction.select().count() > 0


def test_demo_runs_twice_without_duplicating_anything(runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo"])
    assert "already there" in result.output
    assert Site.select().count() == 2


def test_the_demo_care_worker_can_resume_karens_unfinished_dialogue(runner, client):
    runner.invoke(args=["demo"])
    tablet = Tablet(client)
    tablet.sign_in("anna", "anna-demo")
    karen = Resident.get(Resident.label == "Stue 1 · Karen")
    unfinished = Response.get(Response.resident == karen,
                              Response.status == ResponseStatus.IN_PROGRESS)
    ward = tablet.get(f"/wards/{karen.ward_id}").get_data(as_text=True)
    assert f"/dialogues/{unfinished.id}" in ward
    reply = tablet.get(f"/dialogues/{unfinished.id}")
    assert reply.headers["Location"].startswith(f"/dialogues/{unfinished.id}/")
    assert tablet.get(reply.headers["Location"]).status_code == 200
