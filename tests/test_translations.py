"""Every shipped language has every interface string and every questionnaire text."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from survey.config import Defaults
from survey.languages import LANGUAGE_NAMES, direction

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = Defaults.LANGUAGES
QUESTIONNAIRES = sorted((ROOT / "questionnaires").glob("*.toml"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=language)


@pytest.fixture(scope="module")
def interface_strings(tmp_path_factory) -> set[str]:
    """Extract the strings marked in the code now, as `make translations` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "-o", str(pot), "--no-location", "survey"], cwd=ROOT, check=True,
                   capture_output=True)
    with open(pot, "rb") as file:
        return {message.id for message in read_po(file) if message.id}


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """The forms of a message: one, or one per plural form."""
    return text if isinstance(text, tuple) else (text,)


def test_every_shipped_language_has_a_name_and_a_catalogue():
    for language in SHIPPED:
        assert language in LANGUAGE_NAMES
        assert (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").is_file()


def test_arabic_is_written_right_to_left_and_the_others_left_to_right():
    assert direction("ar") == "rtl"
    assert [lang for lang in SHIPPED if direction(lang) == "rtl"] == ["ar"]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_interface_string_is_translated(language, interface_strings):
    translated = {m.id for m in catalogue(language) if m.id and all(_forms(m.string)) and not m.fuzzy}
    missing = sorted(interface_strings - translated)
    assert not missing, (f"{language}: {len(missing)} untranslated "
                         f"(run `make translations-update`): {missing[:10]}")


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_every_placeholder(language):
    for message in catalogue(language):
        if not message.id or not all(_forms(message.string)):
            continue
        if not isinstance(message.id, tuple):
            assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id))
            continue
        # The first form goes with the singular, the others with the plural (as Babel
        # checks them): a form may leave the number out ("one point"), never add a name.
        for index, form in enumerate(message.string):
            source = message.id[0] if index == 0 else message.id[1]
            assert set(PLACEHOLDER.findall(form)) <= set(PLACEHOLDER.findall(source)), message.id


@pytest.mark.parametrize("language", [lang for lang in SHIPPED if lang not in ("da", "en")])
def test_each_catalogue_asks_for_a_native_speakers_review(language):
    assert "native speaker" in catalogue(language).header_comment


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda path: path.name)
def test_every_shipped_questionnaire_is_written_in_every_shipped_language(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(SHIPPED) <= set(data["languages"])
    missing = [f"{where}: {lang}" for where, texts in _texts(data) for lang in SHIPPED
               if not str(texts.get(lang, "")).strip()]
    assert not missing, missing[:10]


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda path: path.name)
def test_every_questionnaire_asks_for_a_native_speakers_review(path):
    assert "native speaker" in path.read_text(encoding="utf-8").split("\ncode =")[0]


def _texts(node, where="") -> list[tuple[str, dict]]:
    """Every text table ({ da = ..., en = ... }) in a questionnaire, with where it is."""
    if isinstance(node, dict):
        if "da" in node and all(isinstance(value, str) for value in node.values()):
            return [(where, node)]
        return [found for key, value in node.items() for found in _texts(value, f"{where}.{key}")]
    if isinstance(node, list):
        code = lambda value: value.get("code", "") if isinstance(value, dict) else ""  # noqa: E731
        return [found for index, value in enumerate(node)
                for found in _texts(value, f"{where}[{code(value) or index}]")]
    return []


@pytest.mark.parametrize("language", SHIPPED)
def test_every_catalogue_compiles_without_errors(language, tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    source = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    done = subprocess.run([str(pybabel), "compile", "-i", str(source), "-o", str(tmp_path / "m.mo"),
                           "-l", language], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr
