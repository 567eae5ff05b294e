"""A resident's history page for the staff on their ward."""

from survey.models import AuditEvent
from tests.test_continuity import agree, finish


def test_history_lists_dialogues_and_agreements_with_their_follow_up(signed_in, start_dialogue, world):
    first = start_dialogue()
    agree(signed_in, first, "Gå en tur i haven")
    finish(signed_in, first)
    second = start_dialogue()
    action_id = first.agreed_actions[0].id
    signed_in.post(f"/dialogues/{second.id}/follow-up", {f"action_{action_id}": "done"})
    reply = signed_in.get(f"/residents/{world.resident.id}/history")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "Gå en tur i haven" in html
    assert "Done" in html
    assert html.count("/dialogues/") >= 2
    assert "Finished" in html and "Not finished" in html
    assert reply.headers["Cache-Control"] == "no-store"


def test_viewing_a_history_is_recorded_in_the_audit_trail(signed_in, world):
    signed_in.get(f"/residents/{world.resident.id}/history")
    event = AuditEvent.get(AuditEvent.action == "view_resident_history")
    assert (event.username, event.resident_id) == ("anna", world.resident.id)


def test_a_resident_on_another_ward_has_no_history_for_this_user(signed_in, world):
    assert signed_in.get(f"/residents/{world.other_resident.id}/history").status_code == 404
    assert AuditEvent.select().where(AuditEvent.action == "view_resident_history").count() == 0
