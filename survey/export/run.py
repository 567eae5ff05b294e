"""Every export goes through here: the same formats, the same rights, the same audit event,
whether it is asked for on the page or on the command line."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..audit import record
from ..models import Role, User, utcnow
from . import codebook, csv_long, indicator_table, wide
from .datapackage import write_datapackage
from .filters import ExportFilter, FilterError
from .stream import Counter
from .xlsx import write_xlsx

#: Bytes handed to the server at a time when a built file is sent.
SEND_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Format:
    """One export format: how it is written and what it may contain."""

    name: str
    extension: str
    mimetype: str
    #: Text formats stream chunk by chunk; binary ones are built in a temporary file.
    text: Callable[[ExportFilter, Counter], Iterator[str]] | None = None
    binary: Callable[[BinaryIO, ExportFilter, Counter], int] | None = None
    #: Holds individual answers (and so free text, when asked for).
    row_level: bool = True


FORMATS = {fmt.name: fmt for fmt in (
    Format("csv-long", "csv", "text/csv", text=csv_long.chunks),
    Format("csv-wide", "csv", "text/csv", text=wide.chunks),
    Format("codebook", "csv", "text/csv", text=codebook.chunks, row_level=False),
    Format("codebook-json", "json", "application/json", text=codebook.json_chunks, row_level=False),
    Format("indicators", "csv", "text/csv", text=indicator_table.chunks, row_level=False),
    Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           binary=write_xlsx),
    Format("datapackage", "zip", "application/zip", binary=write_datapackage),
)}


class ExportRefused(Exception):
    """The user may not make this export (the message says why)."""


def check_rights(user: User | None, export_filter: ExportFilter) -> None:
    """Let only active quality staff export; free text only for those granted reading it."""
    if user is None or not user.active:
        raise ExportRefused("sign in as a member of the quality team to export")
    if not user.has_role(Role.QUALITY):
        raise ExportRefused(f"{user.username} is not in the quality team: only the quality "
                            "team may export answers")
    if export_filter.include_free_text and not user.can_read_free_text:
        raise ExportRefused(f"{user.username} has not been granted reading free text, "
                            "which can name people")


def filename(fmt: Format, export_filter: ExportFilter) -> str:
    """A file name that says what the file holds: ``survey-min-hverdag-csv-wide-2026-11-30.csv``."""
    parts = ["survey", export_filter.questionnaire or "all", fmt.name]
    if export_filter.period_from or export_filter.period_to:
        parts.append(f"{export_filter.period_from or 'start'}-to-{export_filter.period_to or 'now'}")
    parts.append(utcnow().date().isoformat())
    return "-".join(parts) + "." + fmt.extension


def audit(user: User, fmt: Format, export_filter: ExportFilter, rows: int, via: str,
          complete: bool = True) -> None:
    """Record who exported what with which filter, and how many rows went out."""
    free_text = export_filter.include_free_text and fmt.row_level
    detail = {"format": fmt.name, "via": via, **export_filter.detail(), "free_text": free_text,
              "rows": rows}
    if not complete:
        detail["complete"] = False
    record("export_free_text" if free_text else "export", user=user, role=Role.QUALITY.value,
           object_type="export", detail=detail)


def prepare(format_name: str, export_filter: ExportFilter, user: User | None) -> Format:
    """Check the format, the rights and the filter before anything is written."""
    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise FilterError(f"unknown format {format_name!r}: use one of {', '.join(FORMATS)}")
    check_rights(user, export_filter)
    if export_filter.questionnaire is None and format_name != "csv-long":
        raise FilterError(f"choose a questionnaire for the {format_name} export")
    return fmt


def write_text(fmt: Format, export_filter: ExportFilter, user: User, out, via: str) -> int:
    """Write a text format to ``out``; audit it; return the rows written."""
    counter = Counter()
    complete = False
    try:
        for chunk in fmt.text(export_filter, counter):
            out.write(chunk)
        complete = True
    finally:
        audit(user, fmt, export_filter, counter.rows, via, complete)
    return counter.rows


def write_binary(fmt: Format, export_filter: ExportFilter, user: User, out: BinaryIO, via: str) -> int:
    """Write a binary format to ``out``; audit it; return the data rows written."""
    counter = Counter()
    complete = False
    try:
        fmt.binary(out, export_filter, counter)
        complete = True
    finally:
        audit(user, fmt, export_filter, counter.rows, via, complete)
    return counter.rows


def stream_text(fmt: Format, export_filter: ExportFilter, user: User, via: str) -> Iterator[bytes]:
    """Yield a text format as UTF-8 bytes; the audit event is written when it ends (or stops)."""
    counter = Counter()
    chunks = fmt.text(export_filter, counter)  # a bad filter fails here, before any byte

    def send() -> Iterator[bytes]:
        complete = False
        try:
            for chunk in chunks:
                yield chunk.encode("utf-8")
            complete = True
        finally:
            # Close the rows first: on PostgreSQL they are read inside a transaction
            # (a named cursor), and the audit event must not be rolled back with it.
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
            audit(user, fmt, export_filter, counter.rows, via, complete)

    return send()


def built_file(fmt: Format, export_filter: ExportFilter, user: User, via: str) -> Iterator[bytes]:
    """Build a binary format in a temporary file (audited), then yield it in chunks."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by send() once sent
    try:
        write_binary(fmt, export_filter, user, spool, via)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def send() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(SEND_CHUNK):
                yield chunk

    return send()
