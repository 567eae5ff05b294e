"""The quality team's pages: run charts per ward, ward comparison, the council report.

Everything shown is an aggregate with small groups suppressed (see survey.dashboard), so
administrators may read these pages too; the marks on the charts (changes started,
frozen baselines) are the quality team's judgement, so only the quality role sets them.

``pages`` holds the pages (read only), ``marks`` the forms that set the marks.
"""

from __future__ import annotations

from flask import Blueprint

from ... import dashboard
from ...auth import require_role
from ...charts import hidden_words, run_chart_svg
from ...models import Role

bp = Blueprint("quality", __name__, url_prefix="/quality")

readers = require_role(Role.QUALITY, Role.ADMIN)
writers = require_role(Role.QUALITY)
#: The dashboard's filters, carried through the mark forms so the page comes back the same.
FILTERS = ("questionnaire", "granularity", "series", "group")


@bp.context_processor
def _helpers() -> dict:
    return {"percent": dashboard.percent, "period_name": dashboard.period_name,
            "chart_svg": run_chart_svg, "signal_sentences": dashboard.signal_sentences,
            "hidden_words": hidden_words}


# The routes register themselves on ``bp`` when imported.
from . import marks, pages  # noqa: E402, F401
