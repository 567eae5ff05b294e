"""`survey export datapackage`: a zipped Frictionless Data Package, checked against a JSON
Schema of the Tabular Data Package and read back as tools would, by its own descriptor."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import jsonschema
import pandas as pd

from survey.models import Answer
from tests.export_support import make_response, quality_user, run_export

TABLE_TYPES = ["string", "number", "integer", "boolean", "object", "array", "date", "time",
               "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"]

#: The parts of the Tabular Data Package and Table Schema specifications tools rely on.
TABULAR_DATA_PACKAGE = {
    "type": "object",
    "required": ["name", "resources", "profile"],
    "properties": {
        "profile": {"const": "tabular-data-package"},
        "name": {"type": "string", "pattern": "^([-a-z0-9._/])+$"},
        "title": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "resources": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["name", "path", "profile", "schema"],
            "properties": {
                "name": {"type": "string", "pattern": "^([-a-z0-9._/])+$"},
                "path": {"type": "string", "pattern": "^[^/.][^:]*\\.csv$"},
                "profile": {"const": "tabular-data-resource"},
                "format": {"const": "csv"},
                "mediatype": {"const": "text/csv"},
                "encoding": {"const": "utf-8"},
                "dialect": {"type": "object", "properties": {
                    "delimiter": {"type": "string", "minLength": 1, "maxLength": 1},
                    "header": {"type": "boolean"}}},
                "schema": {
                    "type": "object",
                    "required": ["fields"],
                    "properties": {
                        "missingValues": {"type": "array", "items": {"type": "string"}},
                        "primaryKey": {"type": "array", "items": {"type": "string"}},
                        "fields": {"type": "array", "minItems": 1, "items": {
                            "type": "object",
                            "required": ["name", "type"],
                            "properties": {
                                "name": {"type": "string", "minLength": 1},
                                "type": {"enum": TABLE_TYPES},
                                "description": {"type": "string"},
                                "constraints": {"type": "object", "properties": {
                                    "enum": {"type": "array", "minItems": 1}}},
                                "categories": {"type": "array", "minItems": 1, "items": {
                                    "type": "object", "required": ["value", "label"],
                                    "properties": {"label": {"type": "string"}}}},
                            },
                        }},
                    },
                },
            },
        }},
    },
}


def package(runner, tmp_path, *extra: str) -> zipfile.ZipFile:
    out, _ = run_export(runner, tmp_path, "datapackage", "--questionnaire", "min-hverdag", *extra,
                        name="export.zip")
    return zipfile.ZipFile(out)


def descriptor_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("datapackage.json").decode("utf-8"))


def test_descriptor_is_a_valid_tabular_data_package(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    archive = package(runner, tmp_path)
    descriptor = descriptor_of(archive)
    jsonschema.validate(descriptor, TABULAR_DATA_PACKAGE,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert sorted(archive.namelist()) == ["codebook.csv", "data.csv", "datapackage.json",
                                          "indicators.csv"]
    assert [r["path"] for r in descriptor["resources"]] == ["data.csv", "codebook.csv", "indicators.csv"]


def test_every_column_of_every_file_is_described_in_order(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    archive = package(runner, tmp_path)
    for resource in descriptor_of(archive)["resources"]:
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert header == [field["name"] for field in resource["schema"]["fields"]]


def test_coded_items_carry_value_labels_and_missing_codes(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1})
    data = descriptor_of(package(runner, tmp_path))["resources"][0]
    fields = {field["name"]: field for field in data["schema"]["fields"]}
    sb_dag = fields["sb_dag"]
    assert sb_dag["type"] == "integer"
    assert {"value": 1, "label": "Ja"} in sb_dag["categories"]
    assert {"value": 8, "label": "Ved ikke"} in sb_dag["categories"]
    assert sb_dag["survey:missingCodes"] == [7, 8, 9]
    assert fields["started"]["type"] == "datetime"
    assert fields["ko_kontakt"]["categories"] == [{"value": 1, "label": "Ja"}, {"value": 0, "label": "Nej"}]


def test_data_read_by_its_descriptor_matches_the_database(runner, tmp_path, world, min_hverdag):
    quality_user()
    for value in (1, 2, 3):
        make_response(min_hverdag, world.ward, {"sb_dag": value, "tryg": 1})
    archive = package(runner, tmp_path)
    data = descriptor_of(archive)["resources"][0]
    types = {"integer": "Int64", "number": "Float64", "string": "string"}
    fields = data["schema"]["fields"]
    frame = pd.read_csv(io.BytesIO(archive.read("data.csv")),
                        dtype={f["name"]: types[f["type"]] for f in fields if f["type"] in types},
                        parse_dates=[f["name"] for f in fields if f["type"] == "datetime"])
    stored = {(a.response_id, a.item_code): a.value_code for a in Answer.select()}
    assert len(frame) == 3
    for record in frame.to_dict("records"):
        assert record["sb_dag"] == stored[(record["response_id"], "sb_dag")]
        assert record["tryg"] == 1 and pd.isna(record["sb_mad"])


def test_free_text_stays_out_of_the_package_unless_asked(runner, tmp_path, world, min_hverdag):
    quality_user()
    make_response(min_hverdag, world.ward, {"sb_dag": 1, "vigtigt": "+45 12345678"})
    archive = package(runner, tmp_path)
    assert "vigtigt" not in archive.read("data.csv").decode("utf-8").splitlines()[0]
    archive = package(runner, tmp_path, "--include-free-text")
    rows = list(csv.DictReader(io.StringIO(archive.read("data.csv").decode("utf-8"))))
    assert rows[0]["vigtigt"] == "'+45 12345678"
