"""Power cut, ten times: gunicorn workers under load from simulated tablets are killed
with SIGKILL at random moments and restarted. Nothing a tablet saw acknowledged is lost.

Runs on SQLite, or on PostgreSQL when SURVEY_DATABASE_URL says so (a fresh schema).
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from bench.fault_checks import lost_or_half_written, sqlite_problems
from bench.harness import Server, seed
from bench.tablet import Record, SimTablet

pytestmark = pytest.mark.slow

KILLS = 10
TABLETS = 6


def _wait_for_saves(record: Record, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(record.acknowledged) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_acknowledged_answers_survive_ten_sigkills_of_every_server_process(database_url, tmp_path):
    seeded = seed(database_url, wards=2, residents_per_ward=6, tablets=TABLETS)
    server = Server(database_url, workers=3, threads=4)  # threaded, as `make serve` runs it
    log = tmp_path / "gunicorn.log"
    server.start(log)
    record, stop = Record(), threading.Event()
    tablets = [
        SimTablet(server.base, user, seeded.residents[user[2]], seeded.questionnaire_id, record, stop,
                  think=(0.0, 0.05), seed=n)
        for n, user in enumerate(seeded.users)
    ]
    threads = [threading.Thread(target=tablet.run, daemon=True) for tablet in tablets]
    for thread in threads:
        thread.start()
    moments = random.Random(8)
    try:
        for _ in range(KILLS):
            # Under load first (a loaded machine may take a while), then a random moment.
            _wait_for_saves(record, len(record.acknowledged) + 3)
            time.sleep(moments.uniform(0.0, 0.8))
            server.kill()
            server.start(log)
        time.sleep(1.0)  # the tablets send what they were retrying
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=70)
        server.stop()

    print(f"acknowledged {len(record.acknowledged)} answers, {len(record.finished)} finishes, "
          f"{record.signed_in_again} sign-ins again")
    assert record.errors == []
    assert len(record.acknowledged) >= 40, "too little load to prove anything"
    assert sqlite_problems(database_url) == []
    assert lost_or_half_written(database_url, record) == []
