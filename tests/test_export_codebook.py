"""`survey export codebook` and `codebook-json`: what every code in the data means."""

from __future__ import annotations

import csv
import json

from survey.models import Questionnaire
from survey.questionnaire.store import definition_of
from tests.export_support import quality_user, run_export


def read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_codebook_csv_lists_every_item_with_texts_in_every_language(runner, tmp_path, min_hverdag):
    quality_user()
    out, _ = run_export(runner, tmp_path, "codebook", "--questionnaire", "min-hverdag")
    rows = read(out)
    definition = definition_of(min_hverdag)
    items = [row for row in rows if row["record"] == "item"]
    assert [row["name"] for row in items] == [item["code"] for item in definition.items]
    sb_dag = next(row for row in items if row["name"] == "sb_dag")
    assert sb_dag["text_da"] == definition.item("sb_dag")["text"]["da"]
    assert sb_dag["text_en"] == definition.item("sb_dag")["text"]["en"]
    assert sb_dag["scale"] == "ja-bade-og-nej" and "selvbestemmelse" in sb_dag["markers"]
    assert next(row for row in items if row["name"] == "vigtigt")["free_text"] == "true"


def test_codebook_csv_gives_answer_codes_labels_and_missing_kinds(runner, tmp_path, min_hverdag):
    quality_user()
    out, _ = run_export(runner, tmp_path, "codebook", "--questionnaire", "min-hverdag")
    values = {row["value_code"]: row for row in read(out)
              if row["record"] == "value" and row["name"] == "sb_dag"}
    assert (values["1"]["text_da"], values["1"]["text_en"], values["1"]["counts_as"]) == (
        "Ja", "Yes", "positive")
    assert values["3"]["counts_as"] == "negative"
    assert (values["8"]["counts_as"], values["8"]["missing_kind"], values["8"]["text_en"]) == (
        "missing", "dont_know", "Don't know")


def test_codebook_csv_defines_the_indicators_of_the_indicators_export(runner, tmp_path, min_hverdag):
    quality_user()
    out, _ = run_export(runner, tmp_path, "codebook", "--questionnaire", "min-hverdag")
    indicators = {row["name"]: row for row in read(out) if row["record"] == "indicator"}
    own = indicators["min-hverdag:selvbestemmelse"]
    assert own["items"] == "sb_dag;sb_mad;sb_spurgt" and own["rule"] == "top_box"
    assert own["text_en"] == "Self-determination: share answering yes"
    assert indicators["marker:kontinuitet"]["text_da"] == "Kontinuitet"
    assert {"process:coverage", "process:follow_up", "theme:livskvalitet"} <= set(indicators)


def test_codebook_json_holds_items_scales_and_indicator_definitions(runner, tmp_path, min_hverdag):
    quality_user()
    out, result = run_export(runner, tmp_path, "codebook-json", "--questionnaire", "min-hverdag")
    book = json.loads(out.read_text(encoding="utf-8"))
    newest = Questionnaire.select().where(Questionnaire.code == "min-hverdag").count()
    assert book["questionnaire"] == "min-hverdag" and book["stored_version"] == newest
    assert book["codebook"]["languages"][:2] == ["da", "en"]
    sb_dag = next(item for item in book["codebook"]["items"] if item["code"] == "sb_dag")
    assert [option["code"] for option in sb_dag["options"]] == [1, 2, 3]
    assert {m["code"]: m["kind"] for m in sb_dag["missing"]} == {
        8: "dont_know", 9: "rather_not_say", 7: "could_not_answer"}
    assert sb_dag["markers"][0] == {"code": "selvbestemmelse", "theme": "livskvalitet"}
    codes = [entry["code"] for entry in book["indicator_definitions"]]
    assert "min-hverdag:kontinuitet" in codes and "process:coverage" in codes
    assert f"{len(book['codebook']['items'])} row(s) written" in result.output
