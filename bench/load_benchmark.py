"""Load benchmark: tablets running dialogues, relatives answering and an export at the same
time, against real gunicorn workers on SQLite and PostgreSQL; then the same closed-loop
save load against a minimal Flask + Peewee app, as the ceiling.

Traffic goes to 127.0.0.1 only, and every phase is bounded in time. Prints a JSON
document and a short table. Example (about four minutes):

    .venv/bin/python -m bench.load_benchmark --backends sqlite postgresql --workers 1 2 4 \\
        --tablets 64 --relatives 100 --duration 20 --saturation 8

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

from .exporting import export_loop, web_export_loop
from .harness import (
    Seeded,
    Server,
    seed,
    server_environment,
)
from .http_client import HttpClient
from .load_data import database_url, questionnaire_dir, seed_extras
from .minimal_app import create_schema
from .processes import merged, run_parts, share
from .relative import SimRelative
from .tablet import Record, SimTablet

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50, p95 and p99 in milliseconds (None without samples)."""
    if len(values) < 2:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1)}


def run_threads(targets: list, seconds: float, stop: threading.Event,
                staggered: list | None = None, staggered_from: float = 0.0) -> None:
    """Run the targets for ``seconds``; start the ``staggered`` ones spread over that time,
    from ``staggered_from`` seconds on."""
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    spread = seconds - staggered_from
    for n, target in enumerate(staggered or []):
        wait = started + staggered_from + spread * n / max(len(staggered), 1) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        threads.append(thread)
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=30)


def scenario(server: Server, seeded: Seeded, tokens: list[str], url: str, folder: Path,
             workdir: Path, args) -> dict:
    """Tablets with think time, relatives arriving over the run, and exports: the day's load."""
    exports: list[float] = []

    def part(number: int, barrier) -> tuple[Record, float]:
        record, stop = Record(keep_bodies=True), threading.Event()
        users = share(seeded.users, number, args.client_processes)
        tablets = [SimTablet(server.base, user, seeded.residents[user[2]], seeded.questionnaire_id,
                             record, stop, think=tuple(args.think), seed=number * 1000 + n, patience=10,
                             ramp=args.warmup)
                   for n, user in enumerate(users)]
        sign_in_all(tablets)
        record.samples.clear()  # a tablet signs in once a shift: not part of the day's figures
        relatives = [SimRelative(server.base, token, record, stop, think=tuple(args.think),
                                 seed=number * 1000 + n).run
                     for n, token in enumerate(share(tokens, number, args.client_processes))]
        barrier.wait()
        measured_from = time.monotonic() + args.warmup
        # The tablets start over the warm-up; the relatives arrive over the measured time.
        run_threads([tablet.run for tablet in tablets], args.warmup + args.duration, stop,
                    staggered=relatives, staggered_from=args.warmup)
        until = measured_from + args.duration
        record.samples = [sample for sample in record.samples if measured_from <= sample.at <= until]
        return record, args.duration

    def exporting() -> None:
        stop = threading.Event()
        if args.export == "web":
            thread = threading.Thread(target=web_export_loop, daemon=True,
                                      args=(server.base, stop, exports))
        else:
            thread = threading.Thread(target=export_loop, daemon=True,
                                      args=(url, folder, workdir / "export.csv", stop, exports))
        if args.export != "none":
            thread.start()
        time.sleep(args.warmup + args.duration)
        stop.set()
        if args.export != "none":
            thread.join(timeout=120)

    parts = run_parts(part, args.client_processes, during=exporting)
    record = merged([found for found, _seconds in parts])
    seconds = max(seconds for _found, seconds in parts)
    saves = [s for s in record.samples if s.kind == "save" and s.status < 400]
    pages = [s for s in record.samples if s.kind in ("page", "rel_page") and s.status == 200]
    swaps = [len(gzip.compress(s.body, 6)) for s in saves if s.body]
    return {
        "seconds": round(seconds, 1),
        "tablet_saves": len(saves),
        "tablet_saves_per_s": round(len(saves) / seconds, 1),
        "relative_saves": record.relative_saves,
        "dialogues_finished": len(record.finished),
        "save": percentiles([s.seconds for s in saves]),
        "page": percentiles([s.seconds for s in pages]),
        "relative_save": percentiles([s.seconds for s in record.samples if s.kind == "rel_save"]),
        "by_kind": {kind: percentiles([s.seconds for s in record.samples if s.kind == kind])
                    for kind in sorted({s.kind for s in record.samples})},
        "errors": len(record.errors) + sum(1 for s in record.samples if s.status >= 500),
        "error_examples": record.errors[:5],
        "swap_gzip_bytes_median": int(statistics.median(swaps)) if swaps else None,
        "exports": {"runs": sum(1 for r in exports if r >= 0), "failed": sum(1 for r in exports if r < 0),
                    "median_s": round(statistics.median([r for r in exports if r >= 0]), 2)
                    if any(r >= 0 for r in exports) else None},
    }


def sign_in_all(tablets: list[SimTablet]) -> None:
    """Sign every tablet in, a few at a time (scrypt is slow on purpose), before timing."""
    pending = list(tablets)

    def worker() -> None:
        while pending:
            try:
                tablet = pending.pop()
            except IndexError:
                return
            tablet.sign_in()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def saturate_ours(server: Server, seeded: Seeded, args, finish: bool) -> tuple[float, float]:
    """Closed loop, no think time: answer saves per second our app sustains, and the
    server's CPU milliseconds per save.

    With ``finish`` every dialogue runs to its end, with the summary and the PIN unlock
    that follows it (scrypt, slow on purpose); without, the tablets only answer questions
    (a dialogue left after its last question), the load the minimal app gets.
    """
    def part(number: int, barrier) -> tuple[int, float]:
        record, stop = Record(), threading.Event()
        users = share(seeded.users[:args.saturation_clients], number, args.client_processes)
        tablets = [SimTablet(server.base, user, seeded.residents[user[2]], seeded.questionnaire_id,
                             record, stop, seed=100 + number * 1000 + n, patience=10)
                   for n, user in enumerate(users)]
        sign_in_all(tablets)  # before the clock starts: the minimal app has no sign-in either
        barrier.wait()
        started = time.monotonic()
        run_threads([_dialogues_forever(tablet, finish) for tablet in tablets], args.saturation, stop)
        if record.errors:
            raise RuntimeError(f"saturation: {record.errors[:3]}")
        return len(record.acknowledged), time.monotonic() - started

    used: list[float] = []
    counted = run_parts(part, args.client_processes, during=_cpu_during(server, args.saturation, used))
    return _rate_and_cpu(counted, used)


def _cpu_during(server: Server, seconds: float, used: list[float]):
    """What runs beside the parts: the server's CPU seconds over their measured time."""
    def during() -> None:
        before = server.cpu_seconds()
        time.sleep(seconds)
        used.append(server.cpu_seconds() - before)
    return during


def _rate_and_cpu(counted: list[tuple[int, float]], used: list[float]) -> tuple[float, float]:
    saves = sum(saves for saves, _ in counted)
    rate = saves / max(seconds for _, seconds in counted)
    return rate, used[0] * 1000 / max(saves, 1)


def _dialogues_forever(tablet: SimTablet, finish: bool):
    def run() -> None:
        try:
            while not tablet.stop.is_set():
                tablet.run_dialogue(finish=finish)
        except Exception as error:  # reported with the run, never silently
            tablet.record.errors.append(repr(error))
    return run


def saturate_minimal(url: str, workers: int, args, workdir: Path) -> tuple[float, float]:
    """The same closed loop against the minimal app: its saves per second are the ceiling
    (and its CPU milliseconds per save)."""
    create_schema(url)
    env = {**server_environment(url), "BENCH_DATABASE_URL": url}

    def part(number: int, barrier) -> tuple[int, float]:
        saved, stop = [], threading.Event()

        def client(n: int) -> None:
            http = HttpClient(server.base)
            while not stop.is_set():
                reply = http.post("/save", {"tablet": str(n), "item": "sb_dag", "value": "1"})
                if reply.ok:
                    saved.append(1)

        clients = share(list(range(args.saturation_clients)), number, args.client_processes)
        barrier.wait()
        started = time.monotonic()
        run_threads([lambda n=n: client(n) for n in clients], args.saturation, stop)
        return len(saved), time.monotonic() - started

    server = Server(url, workers=workers, threads=args.threads, app="bench.minimal_app:create_app()", env=env)
    used: list[float] = []
    with server:
        server.start(workdir / "minimal.log")
        counted = run_parts(part, args.client_processes, during=_cpu_during(server, args.saturation, used))
    return _rate_and_cpu(counted, used)


def first_page_bytes(base: str, seeded: Seeded) -> dict:
    """The first dialogue page with everything it loads (CSS, htmx, our scripts, pictograms), gzipped."""
    record, stop = Record(keep_bodies=True), threading.Event()
    user = seeded.users[0]
    tablet = SimTablet(base, user, seeded.residents[user[2]], seeded.questionnaire_id, record, stop)
    tablet.sign_in()
    reply = tablet._send("start", "POST", f"/wards/{user[2]}/residents/{seeded.residents[user[2]][0]}"
                         "/dialogues/new", {"questionnaire": str(seeded.questionnaire_id),
                                            "answered_by": "resident", "language": "da"})
    html = tablet.http.get(reply.headers["Location"].removeprefix(base)).content
    assets = re.findall(rb'(?:src|href)="(/(?:static|assets)/[^"]+\.(?:js|css|svg))"', html)
    sizes = {"html": len(gzip.compress(html, 6))}
    for asset in assets:
        body = tablet.http.get(asset.decode()).content
        sizes[asset.decode().rsplit("/", 1)[1]] = len(gzip.compress(body, 6))
    return {"total_gzip_bytes": sum(sizes.values()), "parts": sizes}


def run_cell(backend: str, workers: int, args, extra: dict) -> dict:
    """One backend with one number of workers: seed, the day's load, then the two ceilings."""
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as name:
        workdir = Path(name)
        folder = questionnaire_dir(workdir)
        url = database_url(backend, workdir, args.postgres_url)
        seeded = seed(url, wards=8, residents_per_ward=16, tablets=max(args.tablets, args.saturation_clients),
                      questionnaire_dir=folder)
        tokens = seed_extras(url, folder, seeded, args.relatives, args.history_months)
        day_users = Seeded(url, seeded.users[:args.tablets], seeded.residents, seeded.questionnaire_id)
        result: dict = {"backend": backend, "workers": workers}
        environment = server_environment(url, folder)
        with Server(url, workers=workers, threads=args.threads, env=environment) as server:
            server.start(workdir / "gunicorn.log")
            if "first_page" not in extra:
                extra["first_page"] = first_page_bytes(server.base, seeded)
            result["day"] = scenario(server, day_users, tokens, url, folder, workdir, args)
            if args.saturation > 0:
                rate, cpu = saturate_ours(server, seeded, args, finish=False)
                result["saturation_saves_per_s"] = round(rate, 1)
                result["server_cpu_ms_per_save"] = round(cpu, 2)
                result["saturation_dialogues_saves_per_s"] = round(
                    saturate_ours(server, seeded, args, finish=True)[0], 1)
        if args.saturation > 0:
            ceiling, cpu = saturate_minimal(url, workers, args, workdir)
            result["minimal_saves_per_s"] = round(ceiling, 1)
            result["minimal_server_cpu_ms_per_save"] = round(cpu, 2)
            ours = result["saturation_saves_per_s"]
            result["share_of_minimal"] = round(ours / ceiling, 2) if ceiling else None
        return result


def cpu_per_save(result: dict) -> str:
    """The app servers' CPU per save in the closed loops: ours / the minimal app's."""
    if "server_cpu_ms_per_save" not in result:
        return "-"
    return f"{result['server_cpu_ms_per_save']}/{result['minimal_server_cpu_ms_per_save']}"


def table(results: list[dict], extra: dict) -> str:
    """A short table of the figures that matter."""
    lines = [f"{'db':<10} {'w':>2} {'saves/s':>8} {'save p50/p95/p99 ms':>22} {'page p95':>9} "
             f"{'rel saves':>9} {'err':>4} {'swap B':>7} {'sat/s':>7} {'min/s':>7} {'share':>6} "
             f"{'dlg sat/s':>9} {'cpu ms/save':>11}"]
    for r in results:
        day = r["day"]
        save = "/".join(str(day["save"][k]) for k in ("p50_ms", "p95_ms", "p99_ms"))
        lines.append(
            f"{r['backend']:<10} {r['workers']:>2} {day['tablet_saves_per_s']:>8} {save:>22} "
            f"{day['page']['p95_ms']!s:>9} {day['relative_saves']:>9} {day['errors']:>4} "
            f"{day['swap_gzip_bytes_median']!s:>7} {r.get('saturation_saves_per_s', '-')!s:>7} "
            f"{r.get('minimal_saves_per_s', '-')!s:>7} {r.get('share_of_minimal', '-')!s:>6} "
            f"{r.get('saturation_dialogues_saves_per_s', '-')!s:>9} "
            f"{cpu_per_save(r):>11}")
    page = extra.get("first_page", {})
    lines.append(f"first dialogue page with CSS and scripts: {page.get('total_gzip_bytes')} bytes gzip")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument("--tablets", type=int, default=64, help="tablets running dialogues")
    parser.add_argument("--relatives", type=int, default=100,
                        help="relatives starting one by one over the run (each answers once)")
    parser.add_argument("--think", nargs=2, type=float, default=[1.0, 3.0], metavar=("MIN", "MAX"),
                        help="seconds between two taps")
    parser.add_argument("--duration", type=float, default=20, help="seconds of the day's load, measured")
    parser.add_argument("--warmup", type=float, default=25,
                        help="seconds over which the tablets start, before the measured time "
                             "(about one dialogue: the dialogues' ends, and PIN unlocks, spread out)")
    parser.add_argument("--saturation", type=float, default=8,
                        help="seconds of closed-loop saves, ours and the minimal app's (0: skip)")
    parser.add_argument("--saturation-clients", type=int, default=16)
    parser.add_argument("--client-processes", type=int, default=4,
                        help="processes the simulated clients are spread over")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--history-months", type=int, default=24,
                        help="months of finished dialogues (one a month per resident) to export")
    parser.add_argument("--export", choices=["web", "cli", "none"], default="web",
                        help="full exports one after another during the day's load: downloaded "
                             "from the export page (web), or `survey export` processes (cli)")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--json", type=Path, help="also write the JSON to this file")
    args = parser.parse_args(argv)

    extra: dict = {}
    results = [run_cell(backend, workers, args, extra)
               for backend in args.backends for workers in args.workers]
    report = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
              "cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(), **extra,
              "results": results}
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)
    print()
    print(table(results, extra))


if __name__ == "__main__":
    main()
