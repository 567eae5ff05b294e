"""``show_if`` conditions: an item is asked only when earlier answers allow it.

A condition names an earlier item and the answer codes that show the item::

    show_if = { item = "sb_01", in = [1, 2] }      # shown when sb_01 was 1 or 2
    show_if = { item = "sb_01", not_in = [3] }     # shown unless sb_01 was 3

An unanswered item matches no ``in`` list and every ``not_in`` list. For a
multiple-choice item, any chosen code counts.
"""

from __future__ import annotations

from collections.abc import Mapping

OPERATORS = ("in", "not_in")


def problems(condition: object, earlier_codes: set[str]) -> list[str]:
    """Return what is wrong with a condition, given the codes of the items before it."""
    if not isinstance(condition, dict):
        return ["must be a table like { item = \"code\", in = [1] }"]
    found = []
    target = condition.get("item")
    if not isinstance(target, str):
        found.append("needs 'item', the code of an earlier item")
    elif target not in earlier_codes:
        found.append(f"refers to '{target}', which is not an earlier item")
    operators = [op for op in OPERATORS if op in condition]
    if len(operators) != 1:
        found.append("needs exactly one of 'in' or 'not_in'")
    else:
        codes = condition[operators[0]]
        if not (isinstance(codes, list) and codes and all(type(c) is int for c in codes)):
            found.append(f"'{operators[0]}' must be a non-empty list of answer codes")
    unknown = set(condition) - {"item", *OPERATORS}
    if unknown:
        found.append(f"has unknown keys: {', '.join(sorted(unknown))}")
    return found


def holds(condition: Mapping, answered_codes: Mapping[str, frozenset[int]]) -> bool:
    """Tell whether a condition holds for the codes answered so far (item code → codes)."""
    chosen = answered_codes.get(condition["item"], frozenset())
    if "in" in condition:
        return bool(chosen & set(condition["in"]))
    return not (chosen & set(condition["not_in"]))
