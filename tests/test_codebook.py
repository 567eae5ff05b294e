"""The codebook: every code in the data explained, as a dict, a Markdown file and a page."""

from __future__ import annotations

import pytest

from survey.questionnaire.codebook import codebook, to_markdown
from survey.questionnaire.format import load_file
from tests.conftest import PROJECT_DIR, Tablet

SHIPPED_DIR = PROJECT_DIR / "questionnaires"
SHIPPED_FILES = sorted(SHIPPED_DIR.glob("*.toml"))
FROZEN = PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires" / "min-hverdag.toml"
CODEBOOK_DIR = PROJECT_DIR / "docs" / "codebook"


@pytest.fixture
def app_config(app_config):
    """The app on the shipped questionnaires, whose codebooks these tests read."""
    return {**app_config, "QUESTIONNAIRE_DIR": str(SHIPPED_DIR)}


@pytest.fixture
def book(app):
    # Yes/no labels come from the interface catalogue, so build inside the app.
    with app.app_context():
        return codebook(load_file(SHIPPED_DIR / "min-hverdag.toml")[0])


def entry(book: dict, code: str) -> dict:
    return next(item for item in book["items"] if item["code"] == code)


# --- the dict ---------------------------------------------------------------------------


def test_the_codebook_lists_every_item_in_file_order(book):
    definition = load_file(SHIPPED_DIR / "min-hverdag.toml")[0]
    assert [item["code"] for item in book["items"]] == [item["code"] for item in definition.items]


def danish_english(texts: dict[str, str]) -> dict[str, str]:
    """Only the Danish and English of a text (the other languages have their own tests)."""
    return {language: texts[language] for language in ("da", "en")}


def test_every_text_of_the_codebook_is_there_in_every_language(book):
    assert book["languages"] == ["da", "en", "ar", "pl", "tr", "uk"]
    texts = [book["title"], *(item["text"] for item in book["items"]),
             *(option["label"] for item in book["items"]
               for option in item["options"] + item["missing"])]
    assert [text for text in texts
            if sorted(text) != sorted(book["languages"]) or not all(text.values())] == []


def test_a_scale_item_shows_its_codes_labels_icons_and_missing_kinds(book):
    item = entry(book, "sb_dag")
    assert (item["scale"], item["positive"], item["negative"]) == ("ja-bade-og-nej", [1], [3])
    assert {**item["options"][1], "label": danish_english(item["options"][1]["label"])} == {
        "code": 2, "label": {"da": "Både og", "en": "Partly"}, "icon": "partly"}
    assert [(m["code"], m["kind"]) for m in item["missing"]] == [
        (8, "dont_know"), (9, "rather_not_say"), (7, "could_not_answer")]


def test_a_yes_no_item_counts_yes_positive_and_no_negative(book):
    item = entry(book, "ko_kontakt")
    assert [(o["code"], danish_english(o["label"])) for o in item["options"]] == [
        (1, {"da": "Ja", "en": "Yes"}), (0, {"da": "Nej", "en": "No"})]
    assert (item["positive"], item["negative"]) == ([1], [0])


def test_each_item_names_its_markers_with_their_themes_and_value_tags(book):
    item = entry(book, "sb_spurgt")
    assert item["markers"] == [{"code": "selvbestemmelse", "theme": "livskvalitet"},
                               {"code": "respekt", "theme": "vaerdighed"}]
    assert (item["elder_act"], item["quality_model"]) == (["selvbestemmelse"], [])


def test_each_item_names_its_part_of_the_dialogue(book):
    parts = {item["code"]: (item["part"], item["module"]) for item in book["items"]}
    assert parts["sb_dag"] == ("core", None)
    assert parts["sb_op"] == ("module", "selv")
    assert parts["vigtigt"] == ("closing", None)


def test_a_conditional_item_shows_its_condition(book):
    assert entry(book, "ko_kontakt_tale")["show_if"] == {"item": "ko_kontakt", "in": [1]}


def test_the_rotation_lists_each_module_with_its_items_and_the_markers_it_asks(book):
    rotation = book["rotation"]
    assert (rotation["core"], rotation["closing"]) == (["sb_dag", "ko_kender"], ["vigtigt"])
    assert [module["code"] for module in rotation["modules"]] == ["selv", "faste", "tryg", "hjem"]
    assert {m for module in rotation["modules"] for m in module["markers"]} == {
        "tryghed", "naervaer", "respekt", "selvbestemmelse", "hjemlighed", "hverdagsliv",
        "professionalisme", "sundhed", "selvhjulpenhed", "kontinuitet", "sammenhaeng",
        "betingelser"}


def test_a_marker_indicator_lists_the_scored_items_carrying_the_marker(book):
    indicator = next(i for i in book["indicators"] if i["code"] == "kontinuitet")
    assert (indicator["source"], indicator["defined_by"]) == ("marker", "kontinuitet")
    assert indicator["items"] == ["ko_kender", "ko_samme", "ko_kontakt", "ko_kontakt_tale",
                                  "ko_vaner", "ko_aftaler"]


def test_a_theme_indicator_leaves_out_the_free_text_item(book):
    indicator = next(i for i in book["indicators"] if i["code"] == "livskvalitet")
    assert "sb_dag" in indicator["items"] and "vigtigt" not in indicator["items"]


def test_the_codebook_reports_the_lix_of_the_residents_texts(book):
    readability = book["readability"]
    assert (readability["language"], readability["limit"]) == ("da", 25)
    assert 0 < readability["lix"] <= 25


def test_a_scale_without_positive_and_negative_counts_its_first_and_last_options(app):
    with app.app_context():
        frozen = codebook(load_file(FROZEN)[0])
    assert (entry(frozen, "sb_dag")["positive"], entry(frozen, "sb_dag")["negative"]) == ([1], [3])
    assert frozen["rotation"] is None


# --- the Markdown files -----------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[path.stem for path in SHIPPED_FILES])
def test_the_committed_codebook_matches_its_questionnaire(app, path):
    with app.app_context():
        expected = to_markdown(codebook(load_file(path)[0]))
    committed = CODEBOOK_DIR / f"{path.stem}.md"
    assert committed.exists(), "run `survey codebook` and commit docs/codebook/"
    assert committed.read_text(encoding="utf-8") == expected, (
        "docs/codebook/ is out of date: run `survey codebook`")


def test_the_markdown_shows_every_item_code_and_text(book):
    markdown = to_markdown(book)
    for item in book["items"]:
        assert f"### `{item['code']}`" in markdown
        assert item["text"]["da"] in markdown and item["text"]["en"] in markdown


def test_the_codebook_command_writes_one_file_per_questionnaire_with_its_lix(runner, tmp_path):
    out_dir = tmp_path / "codebook"
    result = runner.invoke(args=["codebook", "--out-dir", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out_dir.iterdir()) == [
        "botilbud.md", "min-hverdag.md", "paaroerende.md", "personale.md"]
    assert f"wrote {out_dir / 'paaroerende.md'} (LIX " in result.output
    assert "at most 35)" in result.output


# --- the pages --------------------------------------------------------------------------


def test_the_questionnaire_list_links_to_every_codebook(signed_in):
    html = signed_in.get("/questionnaires").get_data(as_text=True)
    for code in ("min-hverdag", "botilbud", "paaroerende", "personale"):
        assert f'href="/questionnaires/{code}/codebook"' in html


def test_the_codebook_page_shows_items_texts_and_indicators(signed_in):
    reply = signed_in.get("/questionnaires/min-hverdag/codebook")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "Codebook: My everyday life" in html
    assert "Bestemmer du selv over din dag?" in html and "Do you decide how your day goes?" in html
    assert 'id="item-vigtigt"' in html and "Self-determination: share answering yes" in html


def test_the_codebook_page_speaks_danish_to_a_danish_browser(client, world):
    tablet = Tablet(client, language="da")
    tablet.sign_in("anna")
    html = tablet.get("/questionnaires/botilbud/codebook").get_data(as_text=True)
    assert "Kodebog: Mit liv" in html and "Individuelle pædagogiske planer" in html


def test_the_codebook_page_sends_a_visitor_to_sign_in(client):
    reply = client.get("/questionnaires/min-hverdag/codebook")
    assert reply.status_code in (302, 303)
    assert reply.headers["Location"].startswith("/login")


def test_an_unknown_questionnaire_has_no_codebook(signed_in):
    assert signed_in.get("/questionnaires/nope/codebook").status_code == 404


@pytest.mark.parametrize("code", [path.stem for path in SHIPPED_FILES])
def test_the_codebook_page_of_every_shipped_questionnaire_renders(signed_in, code):
    reply = signed_in.get(f"/questionnaires/{code}/codebook")
    assert reply.status_code == 200
    assert f"<code>{code}</code>" in reply.get_data(as_text=True)
