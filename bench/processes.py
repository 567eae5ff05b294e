"""Simulated clients spread over several processes, started together.

Python threads in one process share one interpreter lock: with 64 tablets, 100 relatives
and their HTML parsing in one process, a reply can wait for the lock after it arrived,
and that wait would count as the server's latency. Each part runs its share of the
clients as threads in a forked process of its own; a barrier starts every part's clock
at the same moment, once all of them have signed in.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable
from typing import Any

from .tablet import Record

#: A part of the clients: given its number and the barrier, it gets ready (signs in),
#: waits at the barrier, runs, and returns what it saw.
Part = Callable[[int, Any], Any]


def run_parts(part: Part, processes: int, during: Callable[[], None] | None = None,
              timeout: float = 600) -> list[Any]:
    """Run ``part`` in ``processes`` forked processes; return their results in order.

    ``during`` runs in this process once every part is past the barrier (the export
    loop of the day's load), and should return when the parts' time is up.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    children = [context.Process(target=_run_one, args=(part, n, barrier, results), daemon=True)
                for n in range(processes)]
    for child in children:
        child.start()
    try:
        barrier.wait(timeout=timeout)
        if during is not None:
            during()
        gathered = dict(results.get(timeout=timeout) for _ in children)
    except (queue.Empty, multiprocessing.BrokenBarrierError) as error:
        raise RuntimeError("a part of the simulated clients did not finish") from error
    finally:
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
    failed = [result for result in gathered.values() if isinstance(result, str)]
    if failed:
        raise RuntimeError("a part of the simulated clients failed:\n" + failed[0])
    return [gathered[n] for n in range(processes)]


def _run_one(part: Part, number: int, barrier: Any, results: Any) -> None:
    try:
        results.put((number, part(number, barrier)))
    except Exception:  # the parent reports it: a silent part would skew the figures
        barrier.abort()
        results.put((number, traceback.format_exc()))


def merged(records: list[Record]) -> Record:
    """One record of everything the parts saw."""
    whole = Record(keep_bodies=any(record.keep_bodies for record in records))
    for record in records:
        whole.samples += record.samples
        whole.acknowledged += record.acknowledged
        whole.finished += record.finished
        whole.errors += record.errors
        whole.signed_in_again += record.signed_in_again
        whole.relative_saves += record.relative_saves
    return whole


def share(items: list, part: int, parts: int) -> list:
    """The items one part of ``parts`` takes (every parts-th, from its own number)."""
    return items[part::parts]
