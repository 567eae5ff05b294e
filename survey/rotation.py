"""Which rotating module a new dialogue asks, so a ward covers every marker each quarter.

Each dialogue asks the core items, one module and the closing items. The next module
is the one the ward has used least this quarter (ties: the one used longest ago, then
file order), so once a ward holds as many dialogues in a quarter as there are modules,
every module — and with them all twelve compass markers — has been asked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from peewee import Case, fn

from .models import Questionnaire, Response, Ward
from .questionnaire.definition import Definition


def quarter_start(day: dt.date) -> dt.datetime:
    """Return the first moment of the quarter the day falls in."""
    return dt.datetime(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def choose_module(definition: Definition, ward: Ward, now: dt.datetime) -> str | None:
    """Return the code of the module the ward's next dialogue should ask (None: no modules)."""
    codes = [module["code"] for module in definition.modules]
    if not codes:
        return None
    in_quarter = Case(None, [(Response.started_at >= quarter_start(now.date()), 1)], 0)
    history = (
        Response.select(Response.module, fn.MAX(Response.started_at).alias("last"),
                        fn.SUM(in_quarter).alias("this_quarter"))
        .join(Questionnaire)
        .where(Response.ward == ward, Questionnaire.code == definition.code,
               Response.module.in_(codes))
        .group_by(Response.module)
        .dicts()
    )
    this_quarter: Counter[str] = Counter()
    last_used: dict[str, dt.datetime] = {}
    for row in history:
        this_quarter[row["module"]] = int(row["this_quarter"] or 0)
        last_used[row["module"]] = row["last"]
    never = dt.datetime.min
    return min(codes, key=lambda code: (this_quarter[code], last_used.get(code, never),
                                        codes.index(code)))


def markers_covered(definition: Definition, module_codes: list[str]) -> set[str]:
    """Return the compass markers asked by dialogues with these modules (core included)."""
    covered: set[str] = set()
    for code in set(module_codes) or {None}:
        for item in definition.items_asked(code):
            covered.update(item.get("markers", []))
    return covered
