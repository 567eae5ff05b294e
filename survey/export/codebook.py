"""The codebook as data files: CSV (one row per item, answer code and indicator) and JSON.

The questionnaire's own codebook (survey.questionnaire.codebook) is the source; beside
it come the definitions of every indicator the indicators export can hold, so a figure
in that file can always be traced to its items and its rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from ..indicators import coding_of, indicator_keys
from ..models import DIALOGUE_ANSWERERS
from ..questionnaire.codebook import codebook as questionnaire_codebook
from ..questionnaire.definition import Definition
from ..questionnaire.frameworks import MARKER_NAMES, THEME_NAMES
from .catalogue import versions_of
from .filters import ExportFilter, FilterError
from .stream import Counter, csv_chunks

RULES = {
    "top_box": "Share of valid answers counted as positive; missing codes are not valid answers.",
    "coverage": "Residents with at least one finished dialogue in the period, out of the "
                "residents living on the ward at some time in the period.",
    "follow_up": "Agreed actions followed up at the resident's next finished dialogue, out of "
                 "the actions that had a next dialogue in the period.",
    "share": "Finished dialogues answered this way, out of all finished dialogues.",
}

#: Names of the process indicators, in the app's two interface languages.
PROCESS_NAMES = {
    "process:coverage": ({"da": "Beboere der havde en dialog", "en": "Residents who had a dialogue"},
                         "coverage"),
    "process:follow_up": ({"da": "Aftaler fulgt op ved næste dialog",
                           "en": "Agreed actions followed up at the next dialogue"}, "follow_up"),
}


def _names(table: dict[str, dict[str, str]], code: str, languages: list[str]) -> dict[str, str]:
    names = table.get(code, {})
    return {language: names.get(language) or names.get("da", code) for language in languages}


def indicator_definitions(definition: Definition) -> list[dict[str, Any]]:
    """Every indicator the questionnaire's answers feed, with its label, rule and items."""
    languages = definition.languages
    items_of: dict[str, list[str]] = {}
    for item in definition.items:
        if coding_of(item, definition) is None:
            continue
        for key in indicator_keys(item, definition):
            items_of.setdefault(key, []).append(item["code"])
    file_labels = {f"{definition.code}:{entry['code']}": entry for entry in
                   definition.data.get("indicators", [])}
    result = []
    for key, items in items_of.items():
        kind, _sep, code = key.partition(":")
        if kind == "marker":
            label = _names(MARKER_NAMES, code, languages)
        elif kind == "theme":
            label = _names(THEME_NAMES, code, languages)
        else:
            label = {language: definition.text(file_labels[key]["label"], language)
                     for language in languages}
        result.append({"code": key, "kind": "outcome", "label": label, "rule": "top_box",
                       "description": RULES["top_box"], "items": items})
    if definition.kind == "dialogue":
        for key, (names, rule) in PROCESS_NAMES.items():
            result.append({"code": key, "kind": "process", "label": _names({key: names}, key, languages),
                           "rule": rule, "description": RULES[rule], "items": []})
        for answered_by in DIALOGUE_ANSWERERS:
            key = f"process:answered_by:{answered_by.value}"
            result.append({"code": key, "kind": "process",
                           "label": {language: answered_by.value for language in languages},
                           "rule": "share", "description": RULES["share"], "items": []})
    return result


def _newest(export_filter: ExportFilter) -> tuple[int, Definition, list[int]]:
    if export_filter.questionnaire is None:
        raise FilterError("choose a questionnaire for its codebook")
    versions = versions_of(export_filter.questionnaire)
    if not versions:
        raise FilterError(f"no questionnaire {export_filter.questionnaire!r}")
    questionnaire, definition = versions[0]
    return questionnaire.version, definition, [q.version for q, _d in versions]


def document(export_filter: ExportFilter) -> dict[str, Any]:
    """The codebook of the filter's questionnaire (newest version) as plain data."""
    version, definition, versions = _newest(export_filter)
    book = questionnaire_codebook(definition)
    return {
        "questionnaire": definition.code,
        "stored_version": version,
        "stored_versions": versions,
        "free_text_in_export": export_filter.include_free_text,
        "codebook": book,
        "indicator_definitions": indicator_definitions(definition),
    }


def header(languages: list[str]) -> list[str]:
    return ["record", "questionnaire_code", "name", "type", "scale", "value_code", "counts_as",
            "missing_kind", "markers", "themes", "items", "rule", "free_text",
            *[f"text_{language}" for language in languages]]


def rows(book: dict[str, Any]) -> Iterator[list[Any]]:
    """One row per item, per answer code of each item, and per indicator."""
    code = book["questionnaire"]
    languages = book["codebook"]["languages"]
    for entry in book["codebook"]["items"]:
        markers = [marker["code"] for marker in entry["markers"]]
        themes = list(dict.fromkeys(marker["theme"] for marker in entry["markers"]))
        yield ["item", code, entry["code"], entry["type"], entry["scale"], None, None, None,
               ";".join(markers), ";".join(themes), None, None, entry["free_text"],
               *[entry["text"][language] for language in languages]]
        for option in entry["options"]:
            counts = ("positive" if option["code"] in entry["positive"] else
                      "negative" if option["code"] in entry["negative"] else None)
            yield ["value", code, entry["code"], entry["type"], entry["scale"], option["code"],
                   counts, None, None, None, None, None, None,
                   *[option["label"][language] for language in languages]]
        for missing in entry["missing"]:
            yield ["value", code, entry["code"], entry["type"], entry["scale"], missing["code"],
                   "missing", missing["kind"], None, None, None, None, None,
                   *[missing["label"][language] for language in languages]]
    for indicator in book["indicator_definitions"]:
        yield ["indicator", code, indicator["code"], indicator["kind"], None, None, None, None,
               None, None, ";".join(indicator["items"]), indicator["rule"], None,
               *[indicator["label"][language] for language in languages]]


def chunks(export_filter: ExportFilter, counter: Counter) -> Iterator[str]:
    """The codebook as CSV text, rows counted in ``counter``."""
    book = document(export_filter)
    return csv_chunks(header(book["codebook"]["languages"]), rows(book), counter)


def json_chunks(export_filter: ExportFilter, counter: Counter) -> Iterator[str]:
    """The codebook as one JSON document (items counted in ``counter``)."""
    book = document(export_filter)
    counter.rows = len(book["codebook"]["items"])
    yield json.dumps(book, ensure_ascii=False, indent=2) + "\n"


def write_json(out: TextIO, export_filter: ExportFilter) -> int:
    counter = Counter()
    for chunk in json_chunks(export_filter, counter):
        out.write(chunk)
    return counter.rows
