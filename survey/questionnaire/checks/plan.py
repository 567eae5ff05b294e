"""Checking a dialogue plan: core, rotating modules and closing items.

A dialogue may have a plan: ``[dialogue]`` core and closing items asked every time,
and ``[[modules]]`` of 4-6 items of which each dialogue asks one. Every item sits in
exactly one part; core and one module make 6-9 closed items; core and modules together
carry all 12 compass markers; a ``show_if`` looks back only at items asked before it in
the same dialogue.
"""

from __future__ import annotations

from typing import Any

from ..frameworks import MARKER_THEMES
from ..items import REGISTRY
from . import modules as rotating
from .report import Report
from .values import codes, dicts, is_code_list, join

DIALOGUE_KEYS = {"core", "closing"}
#: Closed items per dialogue (core and one module).
CLOSED_PER_DIALOGUE = (6, 9)

#: (where, item codes) of each module, as problems name them.
Modules = list[tuple[str, list[str]]]


def has_plan(data: dict[str, Any]) -> bool:
    """Whether the file has a dialogue plan (or part of one)."""
    return "dialogue" in data or "modules" in data


def parts(data: dict[str, Any]) -> tuple[list[str], Modules, list[str]]:
    """Read the dialogue plan leniently: core codes, (module, codes) pairs, closing codes."""
    plan = data.get("dialogue")
    plan = plan if isinstance(plan, dict) else {}
    modules = data.get("modules")
    pairs = [(rotating.where_of(module, position), codes(module.get("items")))
             for position, module in enumerate(modules if isinstance(modules, list) else [],
                                               start=1)
             if isinstance(module, dict)]
    return codes(plan.get("core")), pairs, codes(plan.get("closing"))


def order(data: dict[str, Any]) -> dict[str, set[str]] | None:
    """Return, per item, the items asked before it in the same dialogue (None: no plan).

    Core comes first, then one module, then closing; closing items follow whichever
    module was asked, so they may only look back at core and earlier closing items.
    """
    if not has_plan(data):
        return None
    core, modules, closing = parts(data)
    earlier: dict[str, set[str]] = {}
    for part in (core, *(module_codes for _, module_codes in modules), closing):
        before = [] if part is core else list(core)
        for code in part:
            earlier.setdefault(code, set(before))
            before.append(code)
    return earlier


def check(report: Report, item_codes: set[str]) -> None:
    """Check the core, the rotating modules and the closing items of a dialogue."""
    data = report.data
    if not has_plan(data) or not _in_a_dialogue(report) or not _plan_table(report):
        return
    rotating.check(report, _module_list(report))
    core, modules, closing = parts(data)
    placed = _placed(report, item_codes, core, modules, closing)
    for code in codes([item.get("code") for item in dicts(data.get("items"))]):
        if code in item_codes - set(placed):
            report.add(code, "dialogue",
                       "is in no part of the dialogue plan: add it to core, a module or closing")
    _length(report, core, modules)
    _coverage(report, core, modules)


def _in_a_dialogue(report: Report) -> bool:
    """Whether the file is a dialogue; any other kind has its plan keys reported."""
    if report.data.get("kind") == "dialogue":
        return True
    for key in ("dialogue", "modules"):
        if key in report.data:
            report.add("-", key, "only a dialogue questionnaire has a dialogue plan")
    return False


def _plan_table(report: Report) -> bool:
    """Check the ``[dialogue]`` table; False when there is none to read further."""
    plan = report.data.get("dialogue")
    if not isinstance(plan, dict):
        report.add("-", "dialogue", "needs a [dialogue] table with 'core' (and 'closing')")
        return False
    for key in sorted(set(plan) - DIALOGUE_KEYS):
        report.add("dialogue", key, "unknown key")
    for key in ("core", "closing"):
        if not is_code_list(plan.get(key, [])) or (key == "core" and key not in plan):
            report.add("dialogue", key, rotating.CODE_LIST_MESSAGE)
    return True


def _module_list(report: Report) -> list[Any]:
    modules = report.data.get("modules")
    if not (isinstance(modules, list) and modules):
        report.add("-", "modules", "a dialogue plan needs at least one [[modules]] entry")
        return []
    return modules


def _placed(report: Report, item_codes: set[str], core: list[str], modules: Modules,
            closing: list[str]) -> dict[str, str]:
    """Map each known item to the one part it sits in; report unknown and doubled items."""
    placed: dict[str, str] = {}
    for where, field, part_codes in [("dialogue", "core", core),
                                     *((where, "items", module_codes) for where, module_codes in modules),
                                     ("dialogue", "closing", closing)]:
        part = field if where == "dialogue" else where
        for code in part_codes:
            if code not in item_codes:
                report.add(where, field, f"unknown item '{code}'")
            elif code in placed:
                report.add(code, "dialogue", f"is in both {placed[code]} and {part}")
            else:
                placed[code] = part
    return placed


def _length(report: Report, core: list[str], modules: Modules) -> None:
    """Each dialogue, core and one module, asks 6-9 closed items."""
    closed_codes = _closed_codes(report.data)

    def closed(part_codes: list[str]) -> int:
        return sum(1 for code in part_codes if code in closed_codes)

    low, high = CLOSED_PER_DIALOGUE
    for where, module_codes in modules:
        count = closed(core) + closed(module_codes)
        if not low <= count <= high:
            report.add(where, "items", f"core and module ask {count} closed items; a dialogue "
                                       f"asks {low} to {high}")


def _coverage(report: Report, core: list[str], modules: Modules) -> None:
    """Together, core and the modules carry every compass marker."""
    items = {item["code"]: item for item in dicts(report.data.get("items"))
             if isinstance(item.get("code"), str)}
    covered = {marker for code in core + [c for _, module_codes in modules for c in module_codes]
               for marker in codes(items.get(code, {}).get("markers"))}
    left_out = [marker for marker in MARKER_THEMES if marker not in covered]
    if left_out:
        report.add("-", "modules", f"core and modules leave out markers: {join(left_out)}")


def _closed_codes(data: dict[str, Any]) -> set[str]:
    """Codes of the items with closed answers (every type but free text)."""
    return {item["code"] for item in dicts(data.get("items"))
            if isinstance(item.get("code"), str) and isinstance(item.get("type"), str)
            and item["type"] in REGISTRY and not REGISTRY[item["type"]].free_text}
