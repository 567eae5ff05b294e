"""Continuity: what was agreed in one dialogue is followed up in the next."""

from __future__ import annotations

import datetime as dt

from survey.models import ActionStatus, AgreedAction, Response
from tests.conftest import unlock
from tests.test_dialogue_flow import item_url, tap


def agree(tablet, response, what: str, **extra):
    return tablet.post(f"/dialogues/{response.id}/actions", {"what": what, **extra})


def finish(tablet, response):
    """Finish the dialogue; the tablet locks, so the next person unlocks it again."""
    tablet.post(f"/dialogues/{response.id}/actions/done")
    reply = tablet.post(f"/dialogues/{response.id}/finish")
    unlock(tablet)
    return reply


def test_an_agreed_action_is_saved_with_who_when_and_how_we_know(signed_in, start_dialogue):
    response = start_dialogue()
    reply = agree(signed_in, response, "Gå en tur i haven hver fredag", who="Anna",
                  due_on="2026-12-01", how_we_know="Karen fortæller om turen")
    assert reply.headers["Location"] == f"/dialogues/{response.id}/actions"
    action = AgreedAction.get()
    assert (action.what, action.who, action.due_on) == (
        "Gå en tur i haven hver fredag", "Anna", dt.date(2026, 12, 1))
    assert action.how_we_know == "Karen fortæller om turen"
    assert action.status == ActionStatus.OPEN
    assert action.resident_id == response.resident_id


def test_an_action_needs_a_text(signed_in, start_dialogue):
    response = start_dialogue()
    assert agree(signed_in, response, "").status_code == 422
    assert AgreedAction.select().count() == 0


def test_at_most_two_actions_are_agreed_in_one_dialogue(signed_in, start_dialogue):
    response = start_dialogue()
    agree(signed_in, response, "Et")
    agree(signed_in, response, "To")
    assert agree(signed_in, response, "Tre").status_code == 409
    assert [a.what for a in AgreedAction.select().order_by(AgreedAction.id)] == ["Et", "To"]


def test_an_action_can_be_taken_back_before_the_dialogue_ends(signed_in, start_dialogue):
    response = start_dialogue()
    agree(signed_in, response, "Et")
    action = AgreedAction.get()
    signed_in.post(f"/dialogues/{response.id}/actions/{action.id}/delete")
    assert AgreedAction.select().count() == 0


def test_going_on_from_the_actions_reads_the_answers_back(signed_in, start_dialogue):
    response = start_dialogue()
    agree(signed_in, response, "Mere kaffe om morgenen")
    reply = signed_in.post(f"/dialogues/{response.id}/actions/done")
    assert reply.headers["Location"] == f"/dialogues/{response.id}/summary"
    summary = signed_in.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Mere kaffe om morgenen" in summary
    assert Response.get_by_id(response.id).current_item is None


def test_the_next_dialogue_starts_by_following_up_last_times_actions(signed_in, start_dialogue):
    first = start_dialogue()
    agree(signed_in, first, "Gå en tur i haven")
    finish(signed_in, first)
    second = start_dialogue()
    assert second.current_item == "_follow_up"
    reply = signed_in.get(f"/dialogues/{second.id}")
    assert reply.headers["Location"] == f"/dialogues/{second.id}/follow-up"
    page = signed_in.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Gå en tur i haven" in page


def test_a_follow_up_records_how_each_action_went_then_asks_the_questions(
    signed_in, start_dialogue
):
    first = start_dialogue()
    agree(signed_in, first, "Gå en tur")
    agree(signed_in, first, "Ring til datteren")
    finish(signed_in, first)
    walk, call = AgreedAction.select().order_by(AgreedAction.id)
    second = start_dialogue()
    reply = signed_in.post(f"/dialogues/{second.id}/follow-up",
                           {f"action_{walk.id}": "done", f"action_{call.id}": "partly"})
    assert reply.headers["Location"] == item_url(second, "sb_dag")
    walk, call = AgreedAction.select().order_by(AgreedAction.id)
    assert (walk.status, call.status) == (ActionStatus.DONE, ActionStatus.PARTLY)
    assert walk.followed_up_in_id == second.id and walk.followed_up_at is not None


def test_an_action_not_talked_about_stays_open_for_next_time(signed_in, start_dialogue):
    first = start_dialogue()
    agree(signed_in, first, "Gå en tur")
    finish(signed_in, first)
    second = start_dialogue()
    signed_in.post(f"/dialogues/{second.id}/follow-up", {})
    assert AgreedAction.get().status == ActionStatus.OPEN


def test_an_unknown_follow_up_status_is_refused(signed_in, start_dialogue):
    first = start_dialogue()
    agree(signed_in, first, "Gå en tur")
    finish(signed_in, first)
    action = AgreedAction.get()
    second = start_dialogue()
    reply = signed_in.post(f"/dialogues/{second.id}/follow-up", {f"action_{action.id}": "maybe"})
    assert reply.status_code == 422
    assert AgreedAction.get().status == ActionStatus.OPEN


def test_the_question_shows_what_the_resident_said_last_time(signed_in, start_dialogue):
    first = start_dialogue()
    tap(signed_in, first, "sb_dag", 3)
    finish(signed_in, first)
    second = start_dialogue()
    signed_in.post(f"/dialogues/{second.id}/follow-up", {})
    html = signed_in.get(item_url(second, "sb_dag")).get_data(as_text=True)
    assert "Last time" in html and "Nej" in html
    assert "Last time" not in signed_in.get(item_url(second, "sb_mad")).get_data(as_text=True)


def test_a_finished_dialogue_takes_no_more_actions(signed_in, start_dialogue):
    response = start_dialogue()
    finish(signed_in, response)
    reply = agree(signed_in, response, "For sent")
    assert reply.status_code == 302
    assert AgreedAction.select().count() == 0
