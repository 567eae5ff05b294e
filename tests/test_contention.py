"""Many writers at once on one SQLite file, and a disk that fills up.

Four gunicorn workers share the file: writers queue on the write lock (IMMEDIATE
transactions, busy_timeout) and no user ever sees "database is locked". When the disk is
full a save fails with a clear message, and everything saved before stays saved.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.fault_checks import lost_or_half_written, sqlite_problems
from bench.harness import Server, seed
from bench.tablet import Record, SimTablet

pytestmark = pytest.mark.slow


@contextmanager
def running_tablets(server: Server, seeded, record: Record) -> Iterator[None]:
    """A tablet per seeded user taps without pause while the block runs."""
    stop = threading.Event()
    tablets = [
        SimTablet(server.base, user, seeded.residents[user[2]], seeded.questionnaire_id, record, stop,
                  seed=n, patience=20)
        for n, user in enumerate(seeded.users)
    ]
    threads = [threading.Thread(target=tablet.run, daemon=True) for tablet in tablets]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=40)


def wait_for_saves(record: Record, count: int, at_least: float = 0.0, timeout: float = 40) -> None:
    """Wait ``at_least`` seconds, and on until ``count`` saves were acknowledged (a loaded
    machine may need a while just to sign everyone in)."""
    time.sleep(at_least)
    deadline = time.monotonic() + timeout
    while len(record.acknowledged) < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.parametrize("threads", [1, 4], ids=["sync-workers", "threaded-workers-as-make-serve"])
def test_many_writers_on_four_workers_never_see_database_is_locked(tmp_path, threads):
    url = f"sqlite:///{tmp_path / 'survey.db'}"
    seeded = seed(url, wards=4, residents_per_ward=8, tablets=24)
    record = Record(keep_bodies=True)
    log = tmp_path / "gunicorn.log"
    with Server(url, workers=4, threads=threads) as server:
        server.start(log)
        with running_tablets(server, seeded, record):
            wait_for_saves(record, 100, at_least=5)

    statuses = {sample.status for sample in record.samples}
    assert all(status < 500 for status in statuses), statuses
    assert not [s for s in record.samples if b"database is locked" in s.body]
    assert "database is locked" not in log.read_text()
    assert record.errors == []
    assert len(record.acknowledged) >= 50
    assert lost_or_half_written(url, record) == []


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs: filled on purpose by the test. Needs the right to mount."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill up (needs root or CAP_SYS_ADMIN): "
                    f"{done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    """Take every free byte of the disk with one file; return it (delete it to free the disk)."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return filler


def test_full_disk_refuses_a_save_clearly_and_keeps_what_was_saved(small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'survey.db'}"
    seeded = seed(url, wards=1, residents_per_ward=4, tablets=2)
    record = Record(keep_bodies=True)
    log = tmp_path / "gunicorn.log"
    with Server(url, workers=2) as server:
        server.start(log)
        with running_tablets(server, seeded, record):
            wait_for_saves(record, 10)
            saved_before, errors_from = len(record.acknowledged), len(record.samples)
            filler = _fill(small_disk)
            # Keep tapping on a full disk: the WAL and the file cannot grow any more.
            time.sleep(3)
        refused = [s for s in record.samples[errors_from:] if s.status >= 500]
        filler.unlink()

    assert saved_before >= 10
    assert refused, "the disk never filled up"
    print("refused while full:", sorted({(s.kind, s.status) for s in refused}))
    assert {s.status for s in refused} == {507}
    assert all(b"disk" in s.body.lower() for s in refused)
    assert "Traceback" not in log.read_text()
    assert sqlite_problems(url) == []
    assert lost_or_half_written(url, record) == []
