"""A Frictionless Data Package: the CSV files zipped with a datapackage.json that says
what every column holds (type, description, value labels), so tools need not guess.

The zip is written entry by entry through ``ZipFile.open``, so no file is held whole.
Value labels go in each coded field's ``categories`` (Table Schema v2); the missing-value
codes ("don't know" and the like) are named in ``survey:missingCodes`` rather than in
``missingValues``, because an analyst must still tell "don't know" from "not asked".
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..models import utcnow
from . import codebook, indicator_table, wide
from .catalogue import ItemInfo
from .filters import ExportFilter
from .stream import Counter, csv_chunks

CSV_DIALECT = {"delimiter": ",", "doubleQuote": True, "header": True}


def _item_field(info: ItemInfo, book: dict[str, Any]) -> dict[str, Any]:
    entry = next((e for e in book["codebook"]["items"] if e["code"] == info.code), None)
    language = book["codebook"]["languages"][0]
    field: dict[str, Any] = {
        "name": info.code,
        "type": info.field_type,
        "description": entry["text"][language] if entry else info.code,
    }
    if info.kind.name == "multiple":
        field["description"] += " (answer codes separated by ';')"
    if info.field_type == "integer" and info.labels:
        field["categories"] = [{"value": code, "label": label} for code, label in info.labels.items()]
        field["constraints"] = {"enum": list(info.labels)}
        if info.missing:
            field["survey:missingCodes"] = sorted(info.missing)
    return field


def _resource(name: str, path: str, fields: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "dialect": CSV_DIALECT,
            "schema": {"fields": fields, "missingValues": [""], **extra}}


def descriptor(export_filter: ExportFilter, columns: list[ItemInfo], book: dict[str, Any],
               created: dt.datetime | None = None) -> dict[str, Any]:
    """The datapackage.json of an export."""
    languages = book["codebook"]["languages"]
    meta = [{"name": name, "type": kind, "description": description}
            for name, kind, description in wide.META]
    codebook_fields = [{"name": name, "type": "string"} for name in codebook.header(languages)]
    for field in codebook_fields:
        if field["name"] == "value_code":
            field["type"] = "integer"
        if field["name"] == "free_text":
            field["type"] = "boolean"
    indicator_fields = [{"name": name, "type": kind, "description": description}
                        for name, kind, description in indicator_table.COLUMNS]
    return {
        "profile": "tabular-data-package",
        "name": f"survey-{export_filter.questionnaire}".lower(),
        "title": book["codebook"]["title"][languages[0]],
        "created": (created or utcnow()).isoformat(timespec="seconds") + "Z",
        "description": "Answers per response, the codebook and the indicators. Indicator cells "
                       f"resting on fewer than {indicator_table.min_n()} valid answers are suppressed.",
        "survey:filter": export_filter.detail(),
        "resources": [
            _resource("data", "data.csv", meta + [_item_field(info, book) for info in columns],
                      primaryKey=["response_id"]),
            _resource("codebook", "codebook.csv", codebook_fields),
            _resource("indicators", "indicators.csv", indicator_fields),
        ],
    }


def _write(archive: zipfile.ZipFile, name: str, chunks: Iterator[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as entry:
        for chunk in chunks:
            entry.write(chunk.encode("utf-8"))


def write_datapackage(out: BinaryIO, export_filter: ExportFilter, counter: Counter | None = None) -> int:
    """Write the zipped data package to ``out``; return (and count) the data rows."""
    counter = counter or Counter()
    columns = wide.item_columns(export_filter)
    book = codebook.document(export_filter)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json",
                         json.dumps(descriptor(export_filter, columns, book), ensure_ascii=False,
                                    indent=2) + "\n")
        _write(archive, "data.csv", csv_chunks(wide.header(columns),
                                               wide.rows(export_filter, columns), counter))
        _write(archive, "codebook.csv", csv_chunks(codebook.header(book["codebook"]["languages"]),
                                                   codebook.rows(book), Counter()))
        _write(archive, "indicators.csv", csv_chunks(indicator_table.HEADER,
                                                     indicator_table.rows(export_filter), Counter()))
    return counter.rows
