"""Reading and checking questionnaire files (TOML).

Every problem is reported as ``file:item:field: message`` so an author can find it;
the app refuses to start while any shipped file has one. Easy-language advice (see
lix.py) is reported as ``file:item:field: warning: message`` and stops nothing.

Beyond items, scales and indicators, a dialogue may have a plan: ``[dialogue]`` core
and closing items asked every time, and ``[[modules]]`` of 4-6 items of which each
dialogue asks one. Every item sits in exactly one part; core and one module make 6-9
closed items; core and modules together carry all 12 compass markers; a ``show_if``
looks back only at items asked before it in the same dialogue.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import PACKAGE_DIR
from ..models import QuestionnaireKind
from . import conditions
from .definition import Definition
from .frameworks import COMPASS, MARKER_THEMES, TAG_VALUES
from .items import REGISTRY, option_problems
from .lix import warnings as easy_language_warnings

TOP_LEVEL_KEYS = {"code", "version", "kind", "languages", "title", "description",
                  "scales", "items", "indicators", "dialogue", "modules"}
ITEM_KEYS = {"code", "type", "text", "help", "markers", "show_if", *TAG_VALUES}
INDICATOR_RULES = ("top_box",)
#: An indicator is computed over its ``items``, or the items carrying a ``marker`` or theme.
INDICATOR_SOURCES = ("items", "marker", "theme")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
#: Module codes are stored with each response (``Response.module``, 32 characters).
MODULE_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
DIALOGUE_KEYS = {"core", "closing"}
MODULE_KEYS = {"code", "title", "items"}
#: Items per rotating module, and closed items per dialogue (core and one module).
MODULE_SIZE = (4, 6)
CLOSED_PER_DIALOGUE = (6, 9)
#: Item types whose answers count as positive or negative for indicators.
SCORED_TYPES = ("scale", "yesno")
PICTOGRAM_DIR = PACKAGE_DIR / "static" / "pictograms"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is and what it is."""

    file: str
    item: str
    field: str
    message: str
    #: Advice on easy language: printed for the author, but the file can still be used.
    warning: bool = False

    def __str__(self) -> str:
        advice = "warning: " if self.warning else ""
        return f"{self.file}:{self.item}:{self.field}: {advice}{self.message}"


def pictograms() -> set[str]:
    """Return the names of the pictograms shipped in static/pictograms/."""
    return {path.stem for path in PICTOGRAM_DIR.glob("*.svg")}


class _Checker:
    """Collects the problems of one parsed file."""

    def __init__(self, file: str, data: dict[str, Any]):
        self.file = file
        self.data = data
        self.problems: list[Problem] = []
        languages = data.get("languages")
        valid = isinstance(languages, list) and languages and all(
            isinstance(lang, str) for lang in languages
        )
        self.languages: list[str] = languages if valid else []
        self.icons = pictograms()

    def add(self, item: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, item, field, message))

    def texts(self, value: Any, item: str, field: str, required: bool = True) -> None:
        if value is None and not required:
            return
        if not isinstance(value, dict):
            self.add(item, field, "needs a text per language, like { da = \"...\", en = \"...\" }")
            return
        for language in self.languages:
            text = value.get(language)
            if not (isinstance(text, str) and text.strip()):
                self.add(item, field, f"missing translation '{language}'")
        for language in set(value) - set(self.languages):
            self.add(item, field, f"text in '{language}', which is not in 'languages'")

    def check(self) -> list[Problem]:
        self.top_level()
        self.scales()
        order = self.plan_order()
        codes = self.items(order)
        self.dialogue_plan(codes)
        self.indicators(codes)
        return self.problems

    def has_plan(self) -> bool:
        return "dialogue" in self.data or "modules" in self.data

    def top_level(self) -> None:
        data = self.data
        for key in sorted(set(data) - TOP_LEVEL_KEYS):
            self.add("-", key, "unknown key")
        if not (isinstance(data.get("code"), str) and CODE_PATTERN.match(data["code"])):
            self.add("-", "code", "needs a code of lower-case letters, digits, '-' and '_'")
        if type(data.get("version")) is not int or data["version"] < 1:
            self.add("-", "version", "needs a whole number of 1 or more")
        kinds = [kind.value for kind in QuestionnaireKind]
        if data.get("kind") not in kinds:
            self.add("-", "kind", f"must be one of {', '.join(kinds)}")
        if not self.languages:
            self.add("-", "languages", "needs a list of language codes, like [\"da\", \"en\"]")
        self.texts(data.get("title"), "-", "title")
        self.texts(data.get("description"), "-", "description", required=False)

    def scales(self) -> None:
        scales = self.data.get("scales", {})
        if not isinstance(scales, dict):
            self.add("-", "scales", "must be a table of named scales")
            return
        for name, scale in scales.items():
            where = f"scale:{name}"
            if not isinstance(scale, dict):
                self.add(where, "-", "must be a table")
                continue
            if scale.get("type") not in ("pictorial", "labelled"):
                self.add(where, "type", "must be 'pictorial' or 'labelled'")
            for field, message in option_problems(scale.get("options"), scale.get("missing", []),
                                                  "options"):
                self.add(where, field, message)
            self.option_texts(where, scale, pictorial=scale.get("type") == "pictorial")
            self.direction(where, scale)

    def direction(self, where: str, scale: dict) -> None:
        """Check ``positive`` and ``negative``: the option codes indicators count.

        Every scale needs them, except in a dialogue file without a dialogue plan (the
        format before rotation), where top_box counts the first option positive and the
        last negative.
        """
        required = self.has_plan() or self.data.get("kind") != "dialogue"

        def codes(field: str) -> set[Any]:
            entries = scale.get(field)
            return {e["code"] for e in _dicts(entries) if type(e.get("code")) is int}

        options, missing = codes("options"), codes("missing")
        chosen: dict[str, set[int]] = {}
        for field in ("positive", "negative"):
            values = scale.get(field)
            if values is None:
                if required:
                    self.add(where, field, f"needs the option codes that count as a {field} "
                                           "answer, like [1]")
                continue
            if not (isinstance(values, list) and values and all(type(v) is int for v in values)):
                self.add(where, field, "must be a non-empty list of option codes")
                continue
            chosen[field] = set(values)
            for value in values:
                if value in missing:
                    self.add(where, field, f"{value} is a missing code, not an answer option")
                elif value not in options:
                    self.add(where, field, f"unknown option code {value}")
        both = chosen.get("positive", set()) & chosen.get("negative", set())
        if both:
            self.add(where, "negative", f"{_join(sorted(both))} also counted as positive")

    def option_texts(self, where: str, holder: dict, pictorial: bool = False) -> None:
        for field in ("options", "missing"):
            entries = holder.get(field)
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                self.texts(entry.get("label"), where, f"{field}.{entry.get('code')}.label")
                icon = entry.get("icon")
                if icon is None and pictorial and field == "options":
                    self.add(where, f"{field}.{entry.get('code')}.icon", "a pictorial option needs an icon")
                elif icon is not None and (not isinstance(icon, str) or icon not in self.icons):
                    self.add(where, f"{field}.{entry.get('code')}.icon", f"unknown pictogram '{icon}'")

    def plan_parts(self) -> tuple[list[str], list[tuple[str, list[str]]], list[str]]:
        """Read the dialogue plan leniently: core codes, (module, codes) pairs, closing codes."""
        plan = self.data.get("dialogue")
        plan = plan if isinstance(plan, dict) else {}
        modules = self.data.get("modules")
        pairs = []
        for position, module in enumerate(modules if isinstance(modules, list) else [], start=1):
            if isinstance(module, dict):
                code = module.get("code")
                where = f"module:{code}" if isinstance(code, str) else f"module:{position}"
                pairs.append((where, _codes(module.get("items"))))
        return _codes(plan.get("core")), pairs, _codes(plan.get("closing"))

    def plan_order(self) -> dict[str, set[str]] | None:
        """Return, per item, the items asked before it in the same dialogue (None: no plan).

        Core comes first, then one module, then closing; closing items follow whichever
        module was asked, so they may only look back at core and earlier closing items.
        """
        if not self.has_plan():
            return None
        core, modules, closing = self.plan_parts()
        earlier: dict[str, set[str]] = {}
        for part in (core, *(codes for _, codes in modules), closing):
            before = [] if part is core else list(core)
            for code in part:
                earlier.setdefault(code, set(before))
                before.append(code)
        return earlier

    def items(self, order: dict[str, set[str]] | None = None) -> set[str]:
        items = self.data.get("items")
        if not (isinstance(items, list) and items):
            self.add("-", "items", "needs at least one [[items]] entry")
            return set()
        seen: set[str] = set()
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.add(f"#{position}", "-", "must be a table")
                continue
            code = item.get("code")
            where = code if isinstance(code, str) else f"#{position}"
            if not (isinstance(code, str) and CODE_PATTERN.match(code)):
                self.add(where, "code", "needs a code of lower-case letters, digits, '-' and '_'")
            elif code in seen:
                self.add(where, "code", "duplicate item code")
            # With a plan, "earlier" means asked earlier in the same dialogue, not in the file.
            key = code if isinstance(code, str) else ""
            self.item(where, item, seen if order is None else order.get(key, set()))
            if isinstance(code, str):
                seen.add(code)
        return seen

    def item(self, where: str, item: dict, earlier: set[str]) -> None:
        kind = REGISTRY.get(item["type"]) if isinstance(item.get("type"), str) else None
        if kind is None:
            self.add(where, "type", f"unknown type '{item.get('type')}', use one of {', '.join(REGISTRY)}")
            return
        for key in sorted(set(item) - ITEM_KEYS - kind.keys):
            self.add(where, key, f"unknown key for a {kind.name} item")
        self.texts(item.get("text"), where, "text")
        self.texts(item.get("help"), where, "help", required=False)
        for field, message in kind.problems(item, self.data):
            self.add(where, field, message)
        if "options" in item:
            self.option_texts(where, item)
        markers = item.get("markers", [])
        if not isinstance(markers, list):
            self.add(where, "markers", "must be a list of marker codes")
        else:
            for marker in markers:
                if not isinstance(marker, str) or marker not in MARKER_THEMES:
                    self.add(where, "markers", f"unknown marker '{marker}'")
        for key, allowed in TAG_VALUES.items():
            values = item.get(key, [])
            if not isinstance(values, list):
                self.add(where, key, f"must be a list, like [\"{next(iter(allowed))}\"]")
                continue
            for value in values:
                if not (isinstance(value, str) and value in allowed):
                    self.add(where, key, f"unknown value '{value}', use one of {_join(allowed)}")
        if "show_if" in item:
            for message in conditions.problems(item["show_if"], earlier):
                self.add(where, "show_if", message)

    def dialogue_plan(self, item_codes: set[str]) -> None:
        """Check the core, the rotating modules and the closing items of a dialogue."""
        if not self.has_plan():
            return
        data = self.data
        if data.get("kind") != "dialogue":
            for key in ("dialogue", "modules"):
                if key in data:
                    self.add("-", key, "only a dialogue questionnaire has a dialogue plan")
            return
        plan, modules = data.get("dialogue"), data.get("modules")
        if not isinstance(plan, dict):
            self.add("-", "dialogue", "needs a [dialogue] table with 'core' (and 'closing')")
            return
        for key in sorted(set(plan) - DIALOGUE_KEYS):
            self.add("dialogue", key, "unknown key")
        for key in ("core", "closing"):
            if not _is_code_list(plan.get(key, [])) or (key == "core" and key not in plan):
                self.add("dialogue", key, "needs a list of item codes, like [\"sb_dag\"]")
        if not (isinstance(modules, list) and modules):
            self.add("-", "modules", "a dialogue plan needs at least one [[modules]] entry")
            modules = []
        self.modules(modules)
        core, parts, closing = self.plan_parts()
        placed: dict[str, str] = {}
        for where, field, codes in [("dialogue", "core", core),
                                    *((where, "items", codes) for where, codes in parts),
                                    ("dialogue", "closing", closing)]:
            part = field if where == "dialogue" else where
            for code in codes:
                if code not in item_codes:
                    self.add(where, field, f"unknown item '{code}'")
                elif code in placed:
                    self.add(code, "dialogue", f"is in both {placed[code]} and {part}")
                else:
                    placed[code] = part
        for code in _codes([item.get("code") for item in _dicts(data.get("items"))]):
            if code in item_codes - set(placed):
                self.add(code, "dialogue",
                         "is in no part of the dialogue plan: add it to core, a module or closing")
        self.dialogue_length(core, parts)

    def modules(self, modules: list[Any]) -> None:
        seen: set[str] = set()
        for position, module in enumerate(modules, start=1):
            if not isinstance(module, dict):
                self.add(f"module:{position}", "-", "must be a table")
                continue
            code = module.get("code")
            where = f"module:{code}" if isinstance(code, str) else f"module:{position}"
            if not (isinstance(code, str) and MODULE_CODE_PATTERN.match(code)):
                self.add(where, "code", "needs a code of at most 32 lower-case letters, digits, "
                                        "'-' and '_'")
            elif code in seen:
                self.add(where, "code", "duplicate module code")
            else:
                seen.add(code)
            for key in sorted(set(module) - MODULE_KEYS):
                self.add(where, key, "unknown key")
            self.texts(module.get("title"), where, "title")
            codes = module.get("items")
            low, high = MODULE_SIZE
            if not _is_code_list(codes):
                self.add(where, "items", "needs a list of item codes, like [\"sb_dag\"]")
            elif not low <= len(codes) <= high:
                self.add(where, "items", f"has {len(codes)} items; a module has {low} to {high}")

    def dialogue_length(self, core: list[str], modules: list[tuple[str, list[str]]]) -> None:
        """Each dialogue asks 6-9 closed items; together the modules cover every marker."""
        items = {item["code"]: item for item in _dicts(self.data.get("items"))
                 if isinstance(item.get("code"), str)}
        closed_codes = self.closed_codes()

        def closed(codes: list[str]) -> int:
            return sum(1 for code in codes if code in closed_codes)

        low, high = CLOSED_PER_DIALOGUE
        for where, codes in modules:
            count = closed(core) + closed(codes)
            if not low <= count <= high:
                self.add(where, "items", f"core and module ask {count} closed items; a dialogue "
                                         f"asks {low} to {high}")
        covered = {marker for code in core + [c for _, codes in modules for c in codes]
                   for marker in _codes(items.get(code, {}).get("markers"))}
        left_out = [marker for marker in MARKER_THEMES if marker not in covered]
        if left_out:
            self.add("-", "modules", f"core and modules leave out markers: {_join(left_out)}")

    def closed_codes(self) -> set[str]:
        """Codes of the items with closed answers (every type but free text)."""
        return {item["code"] for item in _dicts(self.data.get("items"))
                if isinstance(item.get("code"), str) and isinstance(item.get("type"), str)
                and item["type"] in REGISTRY and not REGISTRY[item["type"]].free_text}

    def scored_codes(self, markers: set[str]) -> list[str]:
        """Codes of the yes/no and scale items carrying any of the markers."""
        return [item["code"] for item in _dicts(self.data.get("items"))
                if item.get("type") in SCORED_TYPES and markers & set(_codes(item.get("markers")))]

    def indicators(self, item_codes: set[str]) -> None:
        indicators = self.data.get("indicators", [])
        if not isinstance(indicators, list):
            self.add("-", "indicators", "must be a list of [[indicators]]")
            return
        seen = set()
        for position, indicator in enumerate(indicators, start=1):
            where = (f"indicator:{indicator.get('code', position)}" if isinstance(indicator, dict)
                     else f"indicator:{position}")
            if not isinstance(indicator, dict):
                self.add(where, "-", "must be a table")
                continue
            if not isinstance(indicator.get("code"), str) or indicator["code"] in seen:
                self.add(where, "code", "needs a unique code")
            else:
                seen.add(indicator["code"])
            self.texts(indicator.get("label"), where, "label")
            if indicator.get("rule") not in INDICATOR_RULES:
                self.add(where, "rule", f"must be one of {', '.join(INDICATOR_RULES)}")
            sources = [key for key in INDICATOR_SOURCES if key in indicator]
            if len(sources) != 1:
                self.add(where, "items", "needs exactly one of 'items', 'marker' or 'theme'")
            elif sources != ["items"]:
                self.indicator_group(where, sources[0], indicator[sources[0]])
            else:
                items = indicator["items"]
                if not (isinstance(items, list) and items):
                    self.add(where, "items", "needs a list of item codes")
                    continue
                for code in items:
                    if not isinstance(code, str) or code not in item_codes:
                        self.add(where, "items", f"unknown item '{code}'")

    def indicator_group(self, where: str, field: str, value: Any) -> None:
        """Check an indicator over a marker or a theme: known, and carried by scored items."""
        known = MARKER_THEMES if field == "marker" else COMPASS
        if not (isinstance(value, str) and value in known):
            self.add(where, field, f"unknown {field} '{value}', use one of {_join(known)}")
        elif not self.scored_codes({value} if field == "marker" else set(COMPASS[value])):
            self.add(where, field, f"no scale or yes/no item carries {field} '{value}'")

    def warnings(self) -> list[Problem]:
        """Easy-language advice for a file without problems (see lix.py)."""
        return [Problem(self.file, item, field, message, warning=True)
                for item, field, message in easy_language_warnings(self.data)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [entry for entry in _list(value) if isinstance(entry, dict)]


def _codes(value: Any) -> list[str]:
    return [code for code in _list(value) if isinstance(code, str)]


def _is_code_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def _join(values) -> str:
    return ", ".join(str(value) for value in values)


_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def check_file(
    path: Path, display_name: str | None = None
) -> tuple[Definition | None, list[Problem], list[Problem]]:
    """Read and check one file: its definition (None if it has problems), problems, warnings."""
    name = display_name or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        match = _LINE.search(str(error))
        where = f"line {match.group(1)}" if match else "-"
        return None, [Problem(name, where, "syntax", _LINE.sub("", str(error)).strip())], []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, "-", "file", str(error))], []
    checker = _Checker(name, data)
    problems = checker.check()
    if problems:
        return None, problems, []
    return Definition(data), [], checker.warnings()


def load_file(path: Path, display_name: str | None = None) -> tuple[Definition | None, list[Problem]]:
    """Read and check one file; return its definition (None if it has problems) and problems."""
    definition, problems, _ = check_file(path, display_name)
    return definition, problems


def questionnaire_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the ``*.toml`` files in them, in name order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def check_all(paths: Iterable[Path]) -> tuple[list[Definition], list[Problem], list[Problem]]:
    """Read and check every file (codes unique across files): definitions, problems, warnings."""
    definitions: list[Definition] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in questionnaire_files(paths):
        definition, found, advice = check_file(path)
        problems.extend(found)
        warnings.extend(advice)
        if definition is None:
            continue
        if definition.code in seen:
            problems.append(Problem(str(path), "-", "code",
                                    f"'{definition.code}' is also the code of {seen[definition.code]}"))
            continue
        seen[definition.code] = path
        definitions.append(definition)
    return definitions, problems, warnings


def load_all(paths: Iterable[Path]) -> tuple[list[Definition], list[Problem]]:
    """Read and check every file; codes must be unique across files."""
    definitions, problems, _ = check_all(paths)
    return definitions, problems
