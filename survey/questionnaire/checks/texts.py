"""Checking texts given per language, and the labels and icons of answer options."""

from __future__ import annotations

from typing import Any

from ...config import PACKAGE_DIR
from .report import Report

PICTOGRAM_DIR = PACKAGE_DIR / "static" / "pictograms"


def pictograms() -> set[str]:
    """Return the names of the pictograms shipped in static/pictograms/."""
    return {path.stem for path in PICTOGRAM_DIR.glob("*.svg")}


def check_texts(report: Report, value: Any, item: str, field: str, required: bool = True) -> None:
    """Check a text given per language: one in every language of the file, and no others."""
    if value is None and not required:
        return
    if not isinstance(value, dict):
        report.add(item, field, "needs a text per language, like { da = \"...\", en = \"...\" }")
        return
    for language in report.languages:
        text = value.get(language)
        if not (isinstance(text, str) and text.strip()):
            report.add(item, field, f"missing translation '{language}'")
    for language in value:  # in the file's order: the same messages in the same order each run
        if language not in report.languages:
            report.add(item, field, f"text in '{language}', which is not in 'languages'")


def check_options(report: Report, where: str, holder: dict, pictorial: bool = False) -> None:
    """Check the labels and icons of the ``options`` and ``missing`` a scale or item lists."""
    for field in ("options", "missing"):
        entries = holder.get(field)
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            check_texts(report, entry.get("label"), where, f"{field}.{entry.get('code')}.label")
            _icon(report, where, f"{field}.{entry.get('code')}.icon", entry.get("icon"),
                  needed=pictorial and field == "options")


def _icon(report: Report, where: str, field: str, icon: Any, needed: bool) -> None:
    if icon is None and needed:
        report.add(where, field, "a pictorial option needs an icon")
    elif icon is not None and (not isinstance(icon, str) or icon not in report.icons):
        report.add(where, field, f"unknown pictogram '{icon}'")
