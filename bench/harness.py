"""Shared pieces of the benchmark and the fault tests: a seeded database, real gunicorn
servers on 127.0.0.1, and their start, stop and SIGKILL.

Everything here talks to 127.0.0.1 only. Servers run in their own process group so a
crash test can kill the master and every worker at once, as a power cut would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parent.parent
#: The frozen questionnaire the tests use: figures do not move when shipped files change.
QUESTIONNAIRE_DIR = PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires"
PASSWORD = "correct horse battery"
SECRET_KEY = "bench-secret-not-for-production"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@dataclass
class Seeded:
    """What a seeded database holds: tablet users (username, id, ward id) and residents."""

    url: str
    users: list[tuple[str, int, int]] = field(default_factory=list)
    residents: dict[int, list[int]] = field(default_factory=dict)
    questionnaire_id: int = 0


def fresh_postgres_schema(url: str, schema: str) -> str:
    """Empty (or make) the schema and return a URL whose connections work in it.

    A schema of its own lets several runs share one PostgreSQL database.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(url: str, wards: int = 4, residents_per_ward: int = 16, tablets: int = 8,
         questionnaire_dir: Path = QUESTIONNAIRE_DIR) -> Seeded:
    """Migrate the database at ``url`` and fill it with wards, residents and tablet users.

    Every tablet gets its own user on a ward (round robin), all with ``PASSWORD``. The
    password is hashed once: scrypt is slow on purpose, and 64 hashes would dominate.
    """
    from survey import create_app
    from survey.db import db, make_database
    from survey.migrate import apply_migrations
    from survey.models import Questionnaire, Resident, Site, User, UserWard, Ward
    from survey.users import create_user

    db.initialize(make_database(url))
    with db.connection_context():
        apply_migrations()
    db.close_all()
    # create_app syncs the questionnaire files into the database (and checks settings).
    create_app({"SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
                "QUESTIONNAIRE_DIR": str(questionnaire_dir)})
    seeded = Seeded(url=url)
    with db.connection_context(), db.atomic():
        site = Site.create(name="Bench")
        ward_ids = [Ward.create(site=site, name=f"Hus {n}").id for n in range(wards)]
        for ward_id in ward_ids:
            seeded.residents[ward_id] = [
                Resident.create(ward=ward_id, label=f"Stue {n}").id for n in range(residents_per_ward)
            ]
        first = create_user("tablet0", "Tablet 0", PASSWORD, ["staff"], [ward_ids[0]])
        seeded.users.append((first.username, first.id, ward_ids[0]))
        for n in range(1, tablets):
            ward_id = ward_ids[n % wards]
            user = User.create(username=f"tablet{n}", display_name=f"Tablet {n}",
                               password_hash=first.password_hash, roles="staff")
            UserWard.create(user=user, ward=ward_id)
            seeded.users.append((user.username, user.id, ward_id))
        seeded.questionnaire_id = Questionnaire.get(
            Questionnaire.code == "min-hverdag", Questionnaire.current == True  # noqa: E712
        ).id
    db.close_all()
    return seeded


def server_environment(url: str, questionnaire_dir: Path = QUESTIONNAIRE_DIR) -> dict[str, str]:
    """The environment a server process gets: the database and nothing from the caller's SURVEY_*."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SURVEY_")}
    env.update(SURVEY_DATABASE_URL=url, SURVEY_SECRET_KEY=SECRET_KEY,
               SURVEY_QUESTIONNAIRE_DIR=str(questionnaire_dir))
    return env


def _group_stats(group: int) -> list[tuple[int, list[str]]]:
    """(pid, stat fields after the command name) of every running process in the group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: the fields after its closing parenthesis.
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append((int(entry.name), fields))
    return members


def _live_members(group: int) -> list[int]:
    """Process ids in the process group that are still running (zombies do not count)."""
    return [pid for pid, _fields in _group_stats(group)]


def group_cpu_seconds(group: int) -> float:
    """User and system CPU seconds used so far by the running processes of the group."""
    ticks = os.sysconf("SC_CLK_TCK")
    # utime and stime are the 12th and 13th fields after the command name.
    return sum(int(fields[11]) + int(fields[12]) for _pid, fields in _group_stats(group)) / ticks


class Server:
    """A gunicorn master with its workers, started, stopped or killed as one group."""

    def __init__(self, url: str, workers: int = 2, app: str = "survey:create_app()",
                 port: int | None = None, env: dict[str, str] | None = None, threads: int = 1):
        self.url = url
        self.workers = workers
        self.app = app
        self.threads = threads
        self.port = port or free_port()
        self.env = env or server_environment(url)
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """CPU seconds the master and its workers have used so far (not the database's)."""
        return group_cpu_seconds(self.process.pid)

    def start(self, log_path: Path | None = None, timeout: float = 60) -> None:
        """Start the server and wait until /healthz answers."""
        self.log_path = log_path
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            # No keep-alive, as behind the documented nginx (HTTP/1.0 to the app): a kept
            # connection ties a client to one worker, and one the server is just closing
            # resets the client's next request.
            [GUNICORN, "--workers", str(self.workers), "--threads", str(self.threads),
             "--keep-alive", "0", "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "5",
             "--timeout", "60", self.app],
            cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )
        if log_path:
            log.close()
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; log: {self.log_path}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; log: {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no clean-up runs anywhere."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_for_group_gone()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM); kill whatever is left after a while."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
        self._wait_for_group_gone()

    def _wait_for_group_gone(self) -> None:
        # Workers killed with the master may still be exiting; a restart must not race them.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _live_members(self.process.pid):
            time.sleep(0.02)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()
