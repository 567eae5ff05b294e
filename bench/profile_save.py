"""In-process profile of the answer save: SQL queries and milliseconds per save.

Seeds a temporary SQLite database (or a PostgreSQL schema), signs one tablet in with
Flask's test client and runs dialogues through their htmx posts, as a tablet does: every
save stores an answer and returns the next question. Each save is timed and its SQL
statements counted. No server, no network.

    .venv/bin/python -m bench.profile_save --saves 200
    .venv/bin/python -m bench.profile_save --saves 200 --show-sql   # one save's statements
    .venv/bin/python -m bench.profile_save --saves 200 --cprofile   # where the time goes
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from .harness import PASSWORD, QUESTIONNAIRE_DIR, SECRET_KEY, seed
from .load_benchmark import database_url
from .tablet import _ANSWERER

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_HIDDEN = r'name="{}"[^>]*value="([^"]*)"'
_CHOICE = re.compile(r'name="value"[^>]*value="([^"]+)"')


class QueryCounter:
    """Counts (and optionally keeps) every statement the database runs."""

    def __init__(self, database):
        self.database = database
        self.statements: list[str] = []
        self._original = database.execute_sql

    def __enter__(self) -> QueryCounter:
        def counting(sql, params=None, *args, **kwargs):
            self.statements.append(sql)
            return self._original(sql, params, *args, **kwargs)

        self.database.execute_sql = counting
        return self

    def __exit__(self, *_exc) -> None:
        del self.database.execute_sql  # back to the class's method


class Driver:
    """One signed-in tablet on the test client, answering question after question."""

    def __init__(self, client, seeded):
        self.client = client
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.username, self.user_id, self.ward_id = seeded.users[0]
        self.residents = seeded.residents[self.ward_id]
        self.questionnaire_id = seeded.questionnaire_id
        self.token = ""
        self.turn = 0

    def _refresh_token(self) -> None:
        self.token = _TOKEN.search(self.client.get("/login").get_data(as_text=True)).group(1)

    def _post(self, url: str, data: dict, htmx: bool = False):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(url, data={"csrf_token": self.token, **data}, headers=headers)

    def sign_in(self) -> None:
        self._refresh_token()
        self._post("/login", {"username": self.username, "password": PASSWORD})
        self._refresh_token()

    def start(self) -> tuple[str, str]:
        """Start a dialogue (residents in turn, so later ones have a "last time")."""
        resident = self.residents[self.turn % len(self.residents)]
        self.turn += 1
        reply = self._post(f"/wards/{self.ward_id}/residents/{resident}/dialogues/new",
                           {"questionnaire": self.questionnaire_id, "answered_by": "resident",
                            "language": "da"})
        assert reply.status_code == 303, reply.status_code
        url = reply.headers["Location"]
        while "/items/" not in url:
            # Follow-up of last time's actions first: go on without recording any.
            reply = self._post(url, {}, htmx=True)
            url = reply.headers["HX-Push-Url"]
        return url, self.client.get(url).get_data(as_text=True)

    def answer_data(self, html: str) -> dict:
        request_id = re.search(_HIDDEN.format("request_id"), html)
        revision = re.search(_HIDDEN.format("revision"), html)
        choices = ["3"] if 'type="number"' in html else _CHOICE.findall(html)
        if "<textarea" in html:
            data = {"value": f"Svar {self.turn}", "action": "save"}
        else:
            data = {"value": choices[self.turn % len(choices)]}
        data.update(request_id=request_id.group(1) if request_id else "",
                    revision=revision.group(1) if revision else "0")
        answerer = _ANSWERER.search(html)
        if answerer:
            data["answered_by"] = answerer.group(1)
        return data

    def finish(self, url: str) -> None:
        response_path = url.split("/items/")[0] if "/items/" in url else url.rsplit("/", 1)[0]
        if url.endswith("/actions"):
            self._post(f"{response_path}/actions/done", {}, htmx=True)
        self._post(f"{response_path}/finish", {})
        self._post("/lock", {"user": str(self.user_id), "code": PASSWORD})
        self._refresh_token()


def run(url: str, saves: int, show_sql: bool, profile: bool) -> dict:
    from survey import create_app
    from survey.db import db

    seeded = seed(url, wards=1, residents_per_ward=4, tablets=1)
    app = create_app({"SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
                      "QUESTIONNAIRE_DIR": str(QUESTIONNAIRE_DIR)})
    driver = Driver(app.test_client(), seeded)
    driver.sign_in()
    timings: list[float] = []
    cpu_timings: list[float] = []  # CPU time of this thread: steadier than the clock on a busy machine
    counts: list[int] = []
    kinds: Counter[str] = Counter()
    shown: list[str] | None = None
    profiler = cProfile.Profile() if profile else None
    url_now, html = driver.start()
    warmup = 5
    while len(timings) < saves:
        data = driver.answer_data(html)
        with QueryCounter(db.obj) as counter:
            if profiler and warmup <= 0:
                profiler.enable()
            started, cpu_started = time.perf_counter(), time.thread_time()
            reply = driver._post(url_now, data, htmx=True)
            elapsed = time.perf_counter() - started
            cpu = time.thread_time() - cpu_started
            if profiler:
                profiler.disable()
        assert reply.status_code == 200, (reply.status_code, url_now)
        if warmup > 0:
            warmup -= 1
        else:
            timings.append(elapsed * 1000)
            cpu_timings.append(cpu * 1000)
            counts.append(len(counter.statements))
            kinds.update(sql.split()[0].upper() for sql in counter.statements)
            if shown is None and "earlier" in reply.get_data(as_text=True):
                shown = counter.statements
        next_url = reply.headers["HX-Push-Url"]
        if "/items/" in next_url:
            url_now, html = next_url, reply.get_data(as_text=True)
        else:
            driver.finish(next_url)
            url_now, html = driver.start()
    if show_sql and shown:
        print(f"--- statements of one save ({len(shown)}) ---")
        for sql in shown:
            print("  ", sql[:160])
    if profiler:
        wanted = r"survey/|jinja2/environment|flask_wtf|flask_babel"
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(wanted, 40)
    ordered = sorted(timings)
    return {
        "saves": len(timings),
        "queries_per_save": round(statistics.mean(counts), 2),
        "queries_max": max(counts),
        "statements_by_kind_per_save": {k: round(v / len(counts), 2) for k, v in kinds.items()},
        "ms_mean": round(statistics.mean(timings), 2),
        "ms_p50": round(ordered[len(ordered) // 2], 2),
        "ms_p95": round(ordered[int(len(ordered) * 0.95) - 1], 2),
        "cpu_ms_p50": round(statistics.median(cpu_timings), 2),
    }


def _drop_schema(postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "bench_{os.getpid()}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--postgres-url", help="profile on PostgreSQL (a fresh schema there)")
    parser.add_argument("--show-sql", action="store_true", help="print one save's statements")
    parser.add_argument("--cprofile", action="store_true", help="print a cProfile of the saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        backend = "postgresql" if args.postgres_url else "sqlite"
        url = database_url(backend, Path(tmp), args.postgres_url)
        try:
            result = run(url, args.saves, args.show_sql, args.cprofile)
        finally:
            if args.postgres_url:
                _drop_schema(args.postgres_url)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
