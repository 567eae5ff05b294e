"""The dialogue's language is chosen apart from the interface's, stored and exported."""

from __future__ import annotations

import csv

from tests.conftest import Tablet
from tests.test_dialogue_flow import tap
from tests.test_export_csv_long import export


def test_the_start_form_offers_every_language_of_the_questionnaire(signed_in, world, min_hverdag):
    html = signed_in.get(
        f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new").get_data(as_text=True)
    for code, name in [("ar", "العربية"), ("pl", "Polski"), ("tr", "Türkçe"), ("uk", "Українська")]:
        assert f'value="{code}"' in html
        assert f'<span lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">{name}</span>' in html


def test_a_danish_interface_can_run_a_dialogue_in_arabic(signed_in, start_dialogue):
    signed_in.post("/language", {"language": "da"})
    response = start_dialogue(language="ar")
    assert response.language == "ar"
    html = signed_in.get(f"/dialogues/{response.id}/items/sb_dag").get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in html
    assert '<div lang="ar" dir="rtl" class="question-block">' in html
    assert "هل تقرر بنفسك متى تستيقظ؟" in html
    assert "Spørgsmål 1 af 9" in html


def test_every_question_and_option_has_a_read_aloud_button_in_the_dialogues_language(
    signed_in, start_dialogue
):
    response = start_dialogue(language="pl")
    html = signed_in.get(f"/dialogues/{response.id}/items/sb_dag").get_data(as_text=True)
    assert 'data-lang="pl" data-read-text="Czy sam decydujesz, kiedy wstajesz?"' in html
    for label in ("Tak", "Częściowo", "Nie", "Nie wiem", "Wolę nie odpowiadać"):
        assert f'data-lang="pl" data-read-text="{label}"' in html


def test_an_arabic_interface_is_laid_out_right_to_left(client, world):
    html = Tablet(client, language="ar").get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html


def test_the_export_carries_the_dialogues_language(runner, tmp_path, signed_in, start_dialogue):
    response = start_dialogue(language="uk")
    tap(signed_in, response, "sb_dag", 1)
    out, _ = export(runner, tmp_path)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["item_code"], row["language"]) for row in rows] == [("sb_dag", "uk")]
