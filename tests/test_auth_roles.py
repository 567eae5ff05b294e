"""Dialogues are for staff, on their own wards only."""

from __future__ import annotations

import pytest

from survey.models import Response, UserWard
from survey.users import create_user
from tests.conftest import TEST_PASSWORD, Tablet


@pytest.fixture
def quality_on_the_ward(client, world) -> Tablet:
    """A quality consultant linked to the ward (as happens), without the staff role."""
    user = create_user("kvalitet", "Kvalitet", TEST_PASSWORD, ["quality", "admin"])
    UserWard.create(user=user, ward=world.ward)
    tablet = Tablet(client)
    tablet.sign_in("kvalitet")
    return tablet


@pytest.fixture
def dialogue(start_dialogue, signed_in) -> Response:
    """Anna's dialogue with Karen; Anna then signs out."""
    response = start_dialogue()
    signed_in.post("/logout")
    return response


def test_a_user_without_the_staff_role_cannot_open_a_ward(quality_on_the_ward, world):
    assert quality_on_the_ward.get(f"/wards/{world.ward.id}").status_code == 403


def test_a_user_without_the_staff_role_cannot_start_a_dialogue(quality_on_the_ward, world,
                                                               min_hverdag):
    url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
    reply = quality_on_the_ward.post(url, {"questionnaire": min_hverdag.id,
                                           "answered_by": "resident", "language": "da"})
    assert reply.status_code == 403
    assert Response.select().count() == 0


def test_a_user_without_the_staff_role_cannot_open_a_dialogue(dialogue, quality_on_the_ward):
    for url in (f"/dialogues/{dialogue.id}", f"/dialogues/{dialogue.id}/items/sb_dag",
                f"/dialogues/{dialogue.id}/summary"):
        assert quality_on_the_ward.get(url).status_code == 403, url


def test_a_user_without_the_staff_role_cannot_answer(dialogue, quality_on_the_ward):
    reply = quality_on_the_ward.post(f"/dialogues/{dialogue.id}/items/sb_dag", {"value": 1})
    assert reply.status_code == 403


def test_staff_cannot_open_a_dialogue_on_another_ward(dialogue, client, world):
    create_user("bo", "Bo", TEST_PASSWORD, ["staff"], [world.other_ward.id])
    tablet = Tablet(client)
    tablet.sign_in("bo")
    assert tablet.get(f"/dialogues/{dialogue.id}/items/sb_dag").status_code == 404
    assert tablet.post(f"/dialogues/{dialogue.id}/items/sb_dag", {"value": 1}).status_code == 404


def test_a_refused_page_says_so_in_words_with_a_way_back(quality_on_the_ward, world):
    page = quality_on_the_ward.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert "You do not have access to this page." in page
    assert "Go to the start page" in page
