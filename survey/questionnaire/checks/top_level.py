"""Checking the file's own keys: code, version, kind, languages, title and description."""

from __future__ import annotations

from ...models import QuestionnaireKind
from .report import Report
from .texts import check_texts
from .values import CODE_MESSAGE, is_code

TOP_LEVEL_KEYS = {"code", "version", "kind", "languages", "title", "description",
                  "scales", "items", "indicators", "dialogue", "modules"}


def check(report: Report) -> None:
    """Report unknown top-level keys and a wrong code, version, kind, languages or title."""
    data = report.data
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        report.add("-", key, "unknown key")
    if not is_code(data.get("code")):
        report.add("-", "code", CODE_MESSAGE)
    if type(data.get("version")) is not int or data["version"] < 1:
        report.add("-", "version", "needs a whole number of 1 or more")
    kinds = [kind.value for kind in QuestionnaireKind]
    if data.get("kind") not in kinds:
        report.add("-", "kind", f"must be one of {', '.join(kinds)}")
    if not report.languages:
        report.add("-", "languages", "needs a list of language codes, like [\"da\", \"en\"]")
    check_texts(report, data.get("title"), "-", "title")
    check_texts(report, data.get("description"), "-", "description", required=False)
