"""The quality team's waves: create, follow, close early, print letters and posters,
read comments only from groups of five or more."""

from __future__ import annotations

import re

from survey.models import Answer, AuditEvent, Invitation, InvitationWave, Response, User
from survey.relatives.waves import close_wave
from survey.users import create_user
from tests import relatives_support
from tests.conftest import TEST_PASSWORD
from tests.qr_decode import decode_svg

app_config, make_wave, phone = (relatives_support.app_config, relatives_support.make_wave,
                                relatives_support.phone)


def _quality(tablet, world, free_text: bool = True):
    user = create_user("kvalitet", "Kvalitet", TEST_PASSWORD, ["quality"])
    User.update(can_read_free_text=free_text).where(User.id == user.id).execute()
    assert tablet.sign_in("kvalitet").status_code == 302
    return tablet


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg class=\"qr\".*?</svg>", html, flags=re.S)


def test_the_quality_team_creates_a_wave_with_one_invitation_per_letter(tablet, world):
    quality = _quality(tablet, world)
    reply = quality.post("/waves/new", {
        "questionnaire": "paaroerende", "title": "Forår", "wards": [world.ward.id, world.other_ward.id],
        "letters_per_ward": "4", "posters": "y", "opens_on": "2026-03-01", "closes_on": "2026-03-31"})
    assert reply.status_code == 303
    wave = InvitationWave.get()
    assert (wave.title, wave.closes_on.isoformat()) == ("Forår", "2026-03-31")
    assert Invitation.select().where(Invitation.open_link == False).count() == 8  # noqa: E712
    assert Invitation.select().where(Invitation.open_link == True).count() == 2  # noqa: E712
    assert AuditEvent.select().where(AuditEvent.action == "wave_created").count() == 1


def test_a_wave_closing_before_it_opens_is_refused_with_a_message(tablet, world):
    quality = _quality(tablet, world)
    reply = quality.post("/waves/new", {
        "questionnaire": "paaroerende", "title": "x", "wards": [world.ward.id],
        "letters_per_ward": "4", "opens_on": "2026-03-10", "closes_on": "2026-03-01"})
    assert reply.status_code == 422
    assert "must not be before the opening date" in reply.get_data(as_text=True)
    assert InvitationWave.select().count() == 0


def test_care_staff_cannot_open_the_waves_pages(signed_in, make_wave):
    wave, _tokens, _posters = make_wave()
    assert signed_in.get("/waves/").status_code == 403
    assert signed_in.get(f"/waves/{wave.id}/letters").status_code == 403


def test_each_letter_carries_a_qr_code_a_real_decoder_reads_as_its_link(tablet, world, make_wave, phone):
    wave, tokens, _posters = make_wave()
    page = _quality(tablet, world).get(f"/waves/{wave.id}/letters").get_data(as_text=True)
    links = [decode_svg(svg) for svg in _svgs(page)]
    assert links == [[f"http://localhost/r/{token}"] for token in tokens]
    assert page.count('<article class="letter">') == len(tokens)
    assert "Solhaven · Hus A" in page
    opened = phone.open(links[0][0].removeprefix("http://localhost"))
    assert opened.status_code == 200 and 'value="da"' in opened.get_data(as_text=True)


def test_the_ward_posters_decode_to_open_links(tablet, world, make_wave):
    wave, _tokens, posters = make_wave()
    page = _quality(tablet, world).get(f"/waves/{wave.id}/posters").get_data(as_text=True)
    assert [decode_svg(svg) for svg in _svgs(page)] == [[f"http://localhost/r/{t}"] for t in posters]


def test_closing_a_wave_early_closes_its_links(tablet, world, make_wave, phone):
    wave, tokens, _posters = make_wave()
    quality = _quality(tablet, world)
    assert quality.post(f"/waves/{wave.id}/close").status_code == 303
    assert InvitationWave.get_by_id(wave.id).closed_at is not None
    assert phone.open(f"/r/{tokens[0]}").status_code == 410


def test_the_wave_page_shows_the_response_rate_and_poster_answers_without_one(
        app, tablet, world, make_wave):
    wave, tokens, posters = make_wave(letters_per_ward=4)
    for link in (tokens[0], posters[0]):
        _send(relatives_support.Phone(app.test_client()), link)
    page = _quality(tablet, world).get(f"/waves/{wave.id}").get_data(as_text=True)
    hus_a = page[page.index("Solhaven · Hus A"):page.index("</tr>", page.index("Solhaven · Hus A"))]
    assert re.findall(r"<td>([^<]*)</td>", hus_a) == ["4", "1", "1", "25 %", "1"]


def _send(phone, token: str, comment: str = "Kind staff."):
    screen = phone.start(f"/r/{token}")
    while "/q/" in screen.request.path:
        screen = phone.answer_current(screen)
    phone.submit(screen.request.path, {})


def test_comments_stay_hidden_below_five_responses(app, tablet, world, make_wave):
    wave, tokens, _posters = make_wave(letters_per_ward=5)
    for token in tokens[:4]:
        _send(relatives_support.Phone(app.test_client()), token)
    page = _quality(tablet, world).get(f"/waves/{wave.id}/comments").get_data(as_text=True)
    assert "Kind staff." not in page
    assert "Fewer than 5 relatives have answered" in page


def test_comments_are_shown_from_five_responses(app, tablet, world, make_wave):
    wave, tokens, _posters = make_wave(letters_per_ward=5)
    for token in tokens[:5]:
        _send(relatives_support.Phone(app.test_client()), token)
    assert Answer.select().where(Answer.item_code == "kommentar").count() == 5
    page = _quality(tablet, world).get(f"/waves/{wave.id}/comments").get_data(as_text=True)
    assert page.count("<li>Kind staff.</li>") == 5


def test_comments_need_the_free_text_permission(tablet, world, make_wave):
    wave, _tokens, _posters = make_wave()
    assert _quality(tablet, world, free_text=False).get(f"/waves/{wave.id}/comments").status_code == 403


def test_a_closed_wave_keeps_its_answers(app, make_wave):
    wave, tokens, _posters = make_wave()
    _send(relatives_support.Phone(app.test_client()), tokens[0])
    close_wave(wave)
    assert Response.select().where(Response.wave == wave).count() == 1


def test_the_quality_team_finds_the_waves_in_the_top_bar(tablet, world):
    page = _quality(tablet, world).get("/waves/").get_data(as_text=True)
    link = re.search(r'href="/waves/">([^<]+)</a>', page)
    assert link and "surveys" in link.group(1)
