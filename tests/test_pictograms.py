"""Pictograms are drawn inline in the answer buttons, from the shipped files."""

from __future__ import annotations

import re

from survey.pictograms import PICTOGRAM_DIR, pictogram
from tests.test_dialogue_flow import item_url


def test_a_pictogram_keeps_its_frame_ink_and_shapes_and_is_hidden_from_screen_readers():
    drawn = str(pictogram("yes"))
    source = (PICTOGRAM_DIR / "yes.svg").read_text()
    assert drawn.startswith('<svg class="pictogram" viewBox="0 0 100 100" fill="#1f2933" stroke="#1f2933"')
    assert 'aria-hidden="true"' in drawn
    assert drawn.count("<circle") == source.count("<circle") and drawn.count("<path") == source.count("<path")
    assert "xmlns" not in drawn and "\n" not in drawn


def test_every_shipped_pictogram_draws_inline():
    for path in PICTOGRAM_DIR.glob("*.svg"):
        drawn = str(pictogram(path.stem))
        assert re.fullmatch(r'<svg class="pictogram"[^>]*>(<(circle|path)[^>]*/>)+</svg>', drawn), path.name


def test_the_answer_buttons_draw_their_pictograms_inline_and_load_no_images(signed_in, start_dialogue):
    response = start_dialogue()
    page = signed_in.get(item_url(response, "sb_dag")).get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" name="value".*?</button>', page, flags=re.S)
    assert buttons and all('<svg class="pictogram"' in button for button in buttons)
    assert "<img" not in page and "/static/pictograms/" not in page
