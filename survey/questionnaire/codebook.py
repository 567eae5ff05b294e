"""The codebook of a questionnaire: what every code in a dataset means.

For the quality team and anyone analysing the answers: item codes and texts in every
language, answer codes and labels, what counts as positive or negative, the framework
tags, the dialogue plan, the indicators and how easy the texts are to read. Built as
a dict from a definition; rendered as Markdown for ``docs/codebook/`` and as a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import lix
from .definition import Definition, Item
from .frameworks import (
    COMPASS,
    ELDER_ACT_VALUES,
    MARKER_NAMES,
    MARKER_THEMES,
    QUALITY_MODEL_THEMES,
    THEME_NAMES,
)
from .items import item_type

#: Item types whose answers count as positive or negative for indicators. This module is
#: the one place that says how indicators count, so that the codebook an analyst reads
#: and the figures computed (indicators.py) and checked (checks/) cannot drift apart.
SCORED_TYPES = ("scale", "yesno")


def _texts(texts: Mapping[str, str] | None, languages: list[str]) -> dict[str, str]:
    return {language: (texts or {}).get(language, "") for language in languages}


def parts_of(definition: Definition) -> dict[str, tuple[str, str | None]]:
    """Map each item code to its part of the dialogue: ("core"|"module"|"closing", module)."""
    plan = definition.data.get("dialogue") or {}
    parts = {code: ("core", None) for code in plan.get("core", [])}
    for module in definition.modules:
        parts.update({code: ("module", module["code"]) for code in module["items"]})
    parts.update({code: ("closing", None) for code in plan.get("closing", [])})
    return parts


def direction(item: Item, definition: Definition) -> tuple[list[int], list[int]]:
    """The answer codes that count as positive and as negative for indicators.

    A scale names them; a scale written without them (files from before the dialogue
    plan) counts its first option positive and its last negative; yes/no is 1 and 0.
    """
    if item["type"] == "yesno":
        return [1], [0]
    if item["type"] != "scale":
        return [], []
    scale = definition.scale(item["scale"])
    options = [option["code"] for option in scale["options"]]
    return list(scale.get("positive", options[:1])), list(scale.get("negative", options[-1:]))


def indicator_items(indicator: Mapping[str, Any], definition: Definition) -> list[str]:
    """The codes of the items an indicator is computed over, in file order.

    ``items`` lists them; ``marker`` means every scale and yes/no item carrying the
    marker; ``theme`` every such item carrying one of the theme's markers.
    """
    if "items" in indicator:
        return list(indicator["items"])
    markers = {indicator["marker"]} if "marker" in indicator else set(COMPASS[indicator["theme"]])
    return [item["code"] for item in definition.items
            if item["type"] in SCORED_TYPES and markers & set(item.get("markers", []))]


def _answers(item: Item, definition: Definition) -> tuple[list[dict], list[dict]]:
    """The item's answer options and missing codes, labelled in every language."""
    languages = definition.languages
    kind = item_type(item)
    by_language = {language: kind.choices(item, definition, language) for language in languages}
    first = by_language[languages[0]]
    source = definition.scale(item["scale"]) if item["type"] == "scale" else item
    missing_kinds = {entry["code"]: entry["kind"] for entry in source.get("missing", [])}
    options, missing = [], []
    for position, choice in enumerate(first):
        entry = {"code": choice.code,
                 "label": {language: by_language[language][position].label
                           for language in languages}}
        if choice.missing:
            missing.append({**entry, "kind": missing_kinds.get(choice.code)})
        else:
            options.append({**entry, "icon": choice.icon})
    return options, missing


def _item(item: Item, definition: Definition, part: tuple[str, str | None]) -> dict[str, Any]:
    languages = definition.languages
    options, missing = _answers(item, definition)
    positive, negative = direction(item, definition)
    kind = item_type(item)
    return {
        "code": item["code"],
        "type": item["type"],
        "part": part[0],
        "module": part[1],
        "text": _texts(item["text"], languages),
        "help": _texts(item.get("help"), languages) if item.get("help") else None,
        "scale": item.get("scale"),
        "options": options,
        "missing": missing,
        "positive": positive,
        "negative": negative,
        "free_text": kind.free_text,
        "limits": {key: item[key] for key in ("min", "max", "max_length") if key in item},
        "markers": [{"code": marker, "theme": MARKER_THEMES[marker]}
                    for marker in item.get("markers", [])],
        "elder_act": list(item.get("elder_act", [])),
        "quality_model": list(item.get("quality_model", [])),
        "show_if": dict(item["show_if"]) if "show_if" in item else None,
    }


def _rotation(definition: Definition) -> dict[str, Any] | None:
    plan = definition.data.get("dialogue")
    if not plan:
        return None
    core = list(plan.get("core", []))

    def markers(codes: list[str]) -> list[str]:
        carried = {m for code in codes for m in definition.item(code).get("markers", [])}
        return [marker for marker in MARKER_THEMES if marker in carried]

    return {
        "core": core,
        "closing": list(plan.get("closing", [])),
        "modules": [{"code": module["code"],
                     "title": _texts(module["title"], definition.languages),
                     "items": list(module["items"]),
                     "markers": markers(core + list(module["items"]))}
                    for module in definition.modules],
    }


def _readability(definition: Definition) -> dict[str, Any]:
    counted = lix.readability(lix.whole_text(definition.data))
    return {
        "language": lix.measured_language(definition.data),
        "lix": round(counted.lix, 1),
        "limit": lix.WHOLE_TEXT_LIMITS.get(definition.kind),
        "words": counted.words,
        "sentences": counted.sentences,
        "long_words": counted.long_words,
    }


def codebook(definition: Definition) -> dict[str, Any]:
    """Return everything an analyst needs to read the questionnaire's data, as plain data."""
    data, languages = definition.data, definition.languages
    parts = parts_of(definition)
    return {
        "code": definition.code,
        "version": data["version"],
        "kind": definition.kind,
        "languages": list(languages),
        "title": _texts(data["title"], languages),
        "description": _texts(data.get("description"), languages),
        "items": [_item(item, definition, parts.get(item["code"], (None, None)))
                  for item in definition.items],
        "indicators": [{"code": indicator["code"],
                        "label": _texts(indicator["label"], languages),
                        "rule": indicator["rule"],
                        "source": next(key for key in ("items", "marker", "theme")
                                       if key in indicator),
                        "defined_by": indicator.get("marker") or indicator.get("theme")
                        or list(indicator["items"]),
                        "items": indicator_items(indicator, definition)}
                       for indicator in data.get("indicators", [])],
        "rotation": _rotation(definition),
        "readability": _readability(definition),
    }


def framework_names(language: str) -> dict[str, dict[str, str]]:
    """The names of every framework code, in one language (for pages and files)."""
    tables = {"theme": THEME_NAMES, "marker": MARKER_NAMES, "elder_act": ELDER_ACT_VALUES,
              "quality_model": QUALITY_MODEL_THEMES}
    return {kind: {code: names.get(language) or names["da"] for code, names in table.items()}
            for kind, table in tables.items()}


# --- Markdown, for docs/codebook/ ------------------------------------------------------

PART_NAMES = {"core": "core (every time)", "module": "module", "closing": "closing (every time)"}


def _cell(text: Any) -> str:
    """Text fit for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _both(code: str, table: Mapping[str, Mapping[str, str]]) -> str:
    names = table.get(code, {})
    return f"`{code}` ({names.get('da', code)} / {names.get('en', code)})"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def _part(entry: Mapping[str, Any]) -> str:
    if entry["part"] is None:
        return "—"
    if entry["part"] == "module":
        return f"module `{entry['module']}`"
    return PART_NAMES[entry["part"]]


def to_markdown(book: Mapping[str, Any]) -> str:
    """Render a codebook as a Markdown document."""
    languages = book["languages"]
    readability = book["readability"]
    limit = f" (at most {readability['limit']})" if readability["limit"] else ""
    lines = [
        f"# Codebook: {book['title'][languages[0]]} (`{book['code']}`)",
        "",
        "Generated by `survey codebook` from the questionnaire file; do not edit by hand.",
        "",
        *_table(["", ""], [
            ["Code", f"`{book['code']}`"],
            ["Version in the file", book["version"]],
            ["Kind", book["kind"]],
            ["Languages", ", ".join(languages)],
            *[[f"Title ({language})", book["title"][language]] for language in languages],
            *[[f"Description ({language})", book["description"][language]]
              for language in languages if book["description"][language]],
            [f"Readability (LIX, {readability['language']})",
             f"{readability['lix']}{limit}: {readability['words']} words, "
             f"{readability['sentences']} sentences, {readability['long_words']} long words"],
        ]),
    ]
    rotation = book["rotation"]
    if rotation:
        lines += [
            "", "## Dialogue plan", "",
            "Every dialogue asks the core items, then one rotating module (chosen per ward "
            "so that every compass marker is asked each quarter), then the closing items.",
            "",
            f"- Core: {', '.join(f'`{code}`' for code in rotation['core'])}",
            f"- Closing: {', '.join(f'`{code}`' for code in rotation['closing']) or '—'}",
            "",
            *_table(["Module", *[f"Title ({language})" for language in languages], "Items",
                     "Markers asked (with core)"],
                    [[f"`{module['code']}`", *module["title"].values(),
                      ", ".join(module["items"]), ", ".join(module["markers"])]
                     for module in rotation["modules"]]),
        ]
    lines += _scales_markdown(book)
    lines += ["", "## Items"]
    for entry in book["items"]:
        lines += _item_markdown(entry, languages, bool(rotation))
    if book["indicators"]:
        lines += [
            "", "## Indicators", "",
            "Rule `top_box`: the share of valid answers that count as positive (and, beside "
            "it, as negative); missing codes are not valid answers and are reported as "
            "their own share.",
            "",
            *_table(["Code", *[f"Label ({language})" for language in languages], "Rule",
                     "Defined by", "Items"],
                    [[f"`{indicator['code']}`", *indicator["label"].values(), indicator["rule"],
                      _defined_by(indicator), ", ".join(indicator["items"])]
                     for indicator in book["indicators"]]),
        ]
    return "\n".join(lines) + "\n"


def _defined_by(indicator: Mapping[str, Any]) -> str:
    if indicator["source"] == "items":
        return "items"
    return f"{indicator['source']} {indicator['defined_by']}"


def _scales_markdown(book: Mapping[str, Any]) -> list[str]:
    """One answer table per scale, taken from the first item that uses it."""
    languages = book["languages"]
    lines: list[str] = []
    shown: set[str] = set()
    for entry in book["items"]:
        if entry["scale"] is None or entry["scale"] in shown:
            continue
        shown.add(entry["scale"])
        lines += ["", f"### Scale `{entry['scale']}`", "", *_answers_markdown(entry, languages)]
    return ["", "## Scales", *lines] if lines else []


def _answers_markdown(entry: Mapping[str, Any], languages: list[str]) -> list[str]:
    def counts(code: int) -> str:
        if code in entry["positive"]:
            return "positive"
        return "negative" if code in entry["negative"] else ""

    rows = [[option["code"], *option["label"].values(), counts(option["code"])]
            for option in entry["options"]]
    rows += [[missing["code"], *missing["label"].values(), f"missing: {missing['kind']}"]
             for missing in entry["missing"]]
    return _table(["Code", *[f"Label ({language})" for language in languages], "Counts as"],
                  rows)


def _item_markdown(entry: Mapping[str, Any], languages: list[str], planned: bool) -> list[str]:
    rows = [[f"Text ({language})", entry["text"][language]] for language in languages]
    if entry["help"]:
        rows += [[f"Help for staff ({language})", entry["help"][language]]
                 for language in languages]
    answer = f"scale `{entry['scale']}`" if entry["scale"] else entry["type"]
    if entry["limits"]:
        answer += " (" + ", ".join(f"{key} {value}" for key, value in entry["limits"].items()) + ")"
    rows.append(["Answer", answer + (": free text, left out of exports by default"
                                     if entry["free_text"] else "")])
    if planned:
        rows.append(["Asked in", _part(entry)])
    if entry["show_if"]:
        condition = entry["show_if"]
        operator = "in" if "in" in condition else "not_in"
        rows.append(["Shown if", f"`{condition['item']}` {operator} {condition[operator]}"])
    if entry["markers"]:
        rows.append(["Compass markers", "; ".join(
            f"{_both(marker['code'], MARKER_NAMES)}, theme {_both(marker['theme'], THEME_NAMES)}"
            for marker in entry["markers"])])
    if entry["elder_act"]:
        rows.append(["Elder Act values", "; ".join(_both(code, ELDER_ACT_VALUES)
                                                    for code in entry["elder_act"])])
    if entry["quality_model"]:
        rows.append(["Quality model themes", "; ".join(_both(code, QUALITY_MODEL_THEMES)
                                                        for code in entry["quality_model"])])
    lines = ["", f"### `{entry['code']}`", "", *_table(["", ""], rows)]
    if entry["options"] and not entry["scale"]:
        lines += ["", *_answers_markdown(entry, languages)]
    return lines


def write_markdown(definitions: list[Definition], out_dir: Path) -> list[tuple[Path, dict]]:
    """Write ``<code>.md`` for each definition into the folder; return (path, codebook)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for definition in definitions:
        book = codebook(definition)
        path = out_dir / f"{definition.code}.md"
        path.write_text(to_markdown(book), encoding="utf-8")
        written.append((path, book))
    return written
