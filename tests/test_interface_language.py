"""The interface speaks Danish unless the browser or the user asks for English."""

from tests.conftest import Tablet


def test_the_interface_is_danish_by_default(client, world):
    html = Tablet(client, language="").get("/login").get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in html
    assert "Log ind" in html


def test_an_english_browser_gets_the_english_interface(client, world):
    html = Tablet(client, language="en-GB,en;q=0.8").get("/login").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "Sign in" in html


def test_the_language_switch_is_remembered_for_the_session(client, world):
    tablet = Tablet(client, language="en")
    tablet.sign_in("anna")
    reply = tablet.post("/language", {"language": "da", "next": f"/wards/{world.ward.id}"})
    assert reply.headers["Location"] == f"/wards/{world.ward.id}"
    html = tablet.get(f"/wards/{world.ward.id}").get_data(as_text=True)
    assert "Beboere" in html and "Start dialog" in html


def test_the_language_switch_never_redirects_to_another_host(client, world):
    tablet = Tablet(client)
    tablet.sign_in("anna")
    reply = tablet.post("/language", {"language": "da", "next": "https://evil.example/"})
    assert reply.headers["Location"] == "/"


def test_questions_are_asked_in_the_dialogues_language_not_the_interfaces(
    signed_in, start_dialogue
):
    response = start_dialogue(language="en")
    signed_in.post("/language", {"language": "da"})
    html = signed_in.get(f"/dialogues/{response.id}/items/sb_dag").get_data(as_text=True)
    assert "Do you decide when you get up?" in html
    assert "Spørgsmål 1 af 9" in html
