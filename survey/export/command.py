"""`survey export FORMAT`: the command-line path to every export, with the page's rights."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..db import db
from ..models import User
from .filters import ExportFilter, FilterError, check_period
from .run import ExportRefused, prepare, write_binary, write_text


def run_export(export_format: str, out_path: Path, username: str, export_filter: ExportFilter) -> int:
    """Check, write and audit one export for the command line; return the rows written."""
    with db.connection_context():
        user = User.get_or_none(User.username == username.strip().lower())
        if user is None:
            raise click.ClickException(f"no user {username!r}: exports are made in a "
                                       "quality-team member's name")
        try:
            fmt = prepare(export_format, export_filter, user)
            if fmt.binary is not None:
                if str(out_path) == "-":
                    return write_binary(fmt, export_filter, user, sys.stdout.buffer, "cli")
                with out_path.open("wb") as out:
                    return write_binary(fmt, export_filter, user, out, "cli")
            if str(out_path) == "-":
                return write_text(fmt, export_filter, user, sys.stdout, "cli")
            with out_path.open("w", encoding="utf-8", newline="") as out:
                return write_text(fmt, export_filter, user, out, "cli")
        except (ExportRefused, FilterError) as error:
            raise click.ClickException(str(error)) from error


def make_filter(questionnaire: str | None, wards: tuple[int, ...], period_from: str | None,
                period_to: str | None, granularity: str, include_free_text: bool) -> ExportFilter:
    """Build the filter from the command's options, with a clear message when one is wrong."""
    try:
        return ExportFilter(
            questionnaire=questionnaire,
            wards=tuple(wards) or None,
            period_from=check_period(period_from) if period_from else None,
            period_to=check_period(period_to) if period_to else None,
            include_free_text=include_free_text,
            granularity=granularity,
        )
    except FilterError as error:
        raise click.BadParameter(str(error)) from error
