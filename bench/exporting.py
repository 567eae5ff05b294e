"""Full exports one after another while the day's load runs: from the export page, as the
quality team downloads them, or as `survey export` processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from .harness import PASSWORD, PROJECT_DIR, server_environment
from .tablet import _TOKEN


def export_loop(url: str, folder: Path, out: Path, stop: threading.Event, runs: list[float]) -> None:
    """Run full CSV exports one after another while the load goes on."""
    env = server_environment(url, folder)
    while not stop.is_set():
        started = time.perf_counter()
        done = subprocess.run(
            [str(Path(sys.executable).with_name("survey")), "export", "csv-long", "--out", str(out),
             "--user", "quality"],
            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode == 0:
            runs.append(time.perf_counter() - started)
        else:
            runs.append(-1.0)
            stop.wait(1)


def web_export_loop(base: str, stop: threading.Event, runs: list[float]) -> None:
    """The quality team downloads a full export from the export page, one after another."""
    http = requests.Session()
    token = _TOKEN.search(http.get(f"{base}/login").text).group(1)
    http.post(f"{base}/login", data={"csrf_token": token, "username": "quality", "password": PASSWORD})
    token = _TOKEN.search(http.get(f"{base}/quality/exports/").text).group(1)
    while not stop.is_set():
        started = time.perf_counter()
        with http.post(f"{base}/quality/exports/", stream=True, timeout=120,
                       data={"csrf_token": token, "export_format": "csv-long",
                             "questionnaire": "min-hverdag"}) as reply:
            received = sum(len(chunk) for chunk in reply.iter_content(65536))
        runs.append(time.perf_counter() - started if reply.ok and received else -1.0)
        if not reply.ok:
            stop.wait(1)
