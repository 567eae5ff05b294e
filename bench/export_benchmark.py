"""Export benchmark: time and peak memory of csv-long and csv-wide next to `sqlite3 -csv`.

    .venv/bin/python bench/export_benchmark.py [--answers 1000000] [--timeout 900] [--keep DIR]

Generates N answers (12 per dialogue, 12 wards on 3 sites, two years) into a temporary
SQLite file with one bulk insert, then runs each export in a fresh subprocess, so the
peak resident memory (getrusage) belongs to that export alone. `sqlite3 -csv` dumps the
same answer rows (the same join, without labels) as the floor any export is measured
against; without the sqlite3 program, Python's sqlite3 module writes them instead.
Prints a JSON document and a short table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ANSWERS_PER_RESPONSE = 12
QUESTIONNAIRE = "min-hverdag"
PASSWORD = "benchmark-password"

#: The answer rows of csv-long, as plain SQL (codes only: labels are the app's work).
DUMP_SQL = """
SELECT r.id, q.code, q.version, s.name, w.name, r.started_at,
       COALESCE(a.answered_by, r.answered_by), r.language, a.item_code, a.value_code,
       a.answered_at
FROM answer a JOIN response r ON a.response_id = r.id
JOIN questionnaire q ON r.questionnaire_id = q.id
JOIN ward w ON r.ward_id = w.id JOIN site s ON w.site_id = s.id
ORDER BY r.id, a.id
"""


def _app(db_path: Path):
    from survey import create_app

    return create_app({"DATABASE_URL": f"sqlite:///{db_path}", "SECRET_KEY": "benchmark",
                       "STARTUP_CHECKS": False, "QUESTIONNAIRE_DIR": str(PROJECT / "questionnaires")})


def _bulk(connection: sqlite3.Connection, model, rows) -> None:
    """Insert rows (dicts of field values) in one executemany, every column filled."""
    fields = [f for f in model._meta.sorted_fields if not f.primary_key]
    defaults = {}
    for field in fields:
        default = field.default() if callable(field.default) else field.default
        defaults[field.name] = default

    def values(row):
        out = []
        for field in fields:
            value = field.db_value(row.get(field.name, defaults[field.name]))
            out.append(str(value) if isinstance(value, dt.datetime) else value)
        return out

    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    marks = ", ".join("?" for _ in fields)
    connection.executemany(f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})',
                           (values(row) for row in rows))


def generate(db_path: Path, answers: int, seed: int = 1) -> dict:
    """Create the schema, the questionnaires and N answers; return what was made."""
    from survey.db import db
    from survey.migrate import apply_migrations
    from survey.models import (
        Answer,
        AnsweredBy,
        Questionnaire,
        Response,
        ResponseStatus,
        Site,
        Ward,
    )
    from survey.questionnaire.store import definition_of, load_checked, sync
    from survey.users import create_user

    app = _app(db_path)
    with app.app_context(), db.connection_context():
        apply_migrations()
        sync(load_checked(app.config["QUESTIONNAIRE_DIR"]))
        wards = []
        for site_name in ("Solhaven", "Egebo", "Lindehuset"):
            site = Site.create(name=site_name)
            wards += [Ward.create(site=site, name=f"Hus {letter}").id for letter in "ABCD"]
        create_user("bench", "Benchmark", PASSWORD, ["quality"], [])
        questionnaire = Questionnaire.get(Questionnaire.code == QUESTIONNAIRE,
                                          Questionnaire.current == True)  # noqa: E712
        definition = definition_of(questionnaire)
        items = [item for item in definition.items if item["type"] in ("scale", "yesno")]
        codes = {}
        for item in items:
            if item["type"] == "yesno":
                codes[item["code"]] = [0, 1]
            else:
                scale = definition.scale(item["scale"])
                codes[item["code"]] = ([o["code"] for o in scale["options"]] * 6
                                       + [m["code"] for m in scale.get("missing", [])])
        questionnaire_id, kind = questionnaire.id, questionnaire.kind
    db.close_all()

    rng = random.Random(seed)
    responses = -(-answers // ANSWERS_PER_RESPONSE)
    first_day = dt.datetime(2024, 12, 1, 9, 0)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA synchronous = OFF")
    start_id = connection.execute("SELECT COALESCE(MAX(id), 0) FROM response").fetchone()[0] + 1
    started = [first_day + dt.timedelta(minutes=rng.randrange(730 * 24 * 60)) for _ in range(responses)]
    started.sort()
    with connection:
        _bulk(connection, Response, ({
            "questionnaire": questionnaire_id, "ward": rng.choice(wards), "kind": kind,
            "status": ResponseStatus.COMPLETE, "language": "da",
            "answered_by": rng.choice([AnsweredBy.RESIDENT, AnsweredBy.RESIDENT_ASSISTED]),
            "started_at": moment, "updated_at": moment,
            "finished_at": moment + dt.timedelta(minutes=14)} for moment in started))

        def answer_rows():
            made = 0
            for offset, moment in enumerate(started):
                for item in rng.sample(items, min(ANSWERS_PER_RESPONSE, len(items))):
                    if made == answers:
                        return
                    made += 1
                    yield {"response": start_id + offset, "item_code": item["code"],
                           "value_code": rng.choice(codes[item["code"]]),
                           "answered_at": moment + dt.timedelta(seconds=30 * made % 600)}

        _bulk(connection, Answer, answer_rows())
    count = connection.execute("SELECT COUNT(*) FROM answer").fetchone()[0]
    connection.close()
    return {"answers": count, "responses": responses, "wards": len(wards)}


# --- One measurement per subprocess -----------------------------------------------------


def _peak_kib(who: int) -> int:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(who).ru_maxrss


def child(mode: str, db_path: Path, out_path: Path) -> dict:
    """Run one export in this fresh process; report seconds, rows and peak memory."""
    if mode in ("sqlite3-cli", "sqlite3-module"):
        before = _peak_kib(resource.RUSAGE_SELF)
        clock = time.perf_counter()
        if mode == "sqlite3-cli":
            with out_path.open("wb") as out:
                subprocess.run(["sqlite3", "-csv", "-header", str(db_path), DUMP_SQL], stdout=out,
                               check=True)
            peak = _peak_kib(resource.RUSAGE_CHILDREN)
        else:
            connection = sqlite3.connect(db_path)
            with out_path.open("w", encoding="utf-8", newline="") as out:
                cursor = connection.execute(DUMP_SQL)
                writer = csv.writer(out)
                writer.writerow([column[0] for column in cursor.description])
                writer.writerows(cursor)
            peak = _peak_kib(resource.RUSAGE_SELF)
        seconds = time.perf_counter() - clock
        with out_path.open("rb") as handle:
            rows = sum(1 for _ in handle) - 1
        return {"mode": mode, "seconds": seconds, "rows": rows, "peak_rss_kib": peak,
                "rss_before_kib": before if mode == "sqlite3-module" else 0}

    from survey.db import db
    from survey.export.command import run_export
    from survey.export.filters import ExportFilter

    app = _app(db_path)
    export_filter = ExportFilter(questionnaire=QUESTIONNAIRE)
    with app.app_context():
        before = _peak_kib(resource.RUSAGE_SELF)
        clock = time.perf_counter()
        rows = run_export(mode, out_path, "bench", export_filter)
        seconds = time.perf_counter() - clock
        db.close_all()
    return {"mode": mode, "seconds": seconds, "rows": rows, "peak_rss_kib": _peak_kib(resource.RUSAGE_SELF),
            "rss_before_kib": before}


def measure(mode: str, db_path: Path, work: Path, timeout: float) -> dict:
    """Run ``child`` in a fresh interpreter and read its JSON line."""
    out_path = work / f"{mode}.out"
    command = [sys.executable, __file__, "--child", mode, "--db", str(db_path), "--out", str(out_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True,
                          cwd=PROJECT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["file_mib"] = round(out_path.stat().st_size / 2**20, 1)
    out_path.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per step at most")
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.db, args.out)))
        return

    work = Path(tempfile.mkdtemp(prefix="survey-bench-"))
    try:
        db_path = (args.keep or work) / "bench.db"
        db_path.parent.mkdir(parents=True, exist_ok=True)
        clock = time.perf_counter()
        made = generate(db_path, args.answers)
        made["generate_seconds"] = round(time.perf_counter() - clock, 1)
        made["database_mib"] = round(db_path.stat().st_size / 2**20, 1)
        floor = "sqlite3-cli" if shutil.which("sqlite3") else "sqlite3-module"
        results = [measure(mode, db_path, work, args.timeout)
                   for mode in (floor, "csv-long", "csv-wide")]
        for result in results:
            result["seconds"] = round(result["seconds"], 2)
            result["rows_per_second"] = round(result["rows"] / max(result["seconds"], 0.01))
            result["peak_rss_mib"] = round(result.pop("peak_rss_kib") / 1024, 1)
            before = result.pop("rss_before_kib")
            # The sqlite3 program is its own process: nothing runs in it before the dump.
            result["rss_before_export_mib"] = round(before / 1024, 1) if before else None
        report = {"data": made, "python": sys.version.split()[0], "cpu_count": os.cpu_count(),
                  "sqlite": sqlite3.sqlite_version, "results": results}
        print(json.dumps(report, indent=2))
        print()
        print(f"{'export':<16}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'peak MiB':>10}"
              f"{'before MiB':>12}{'file MiB':>10}")
        for r in results:
            print(f"{r['mode']:<16}{r['rows']:>10}{r['seconds']:>10}{r['rows_per_second']:>10}"
                  f"{r['peak_rss_mib']:>10}{r['rss_before_export_mib'] or '-':>12}{r['file_mib']:>10}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
