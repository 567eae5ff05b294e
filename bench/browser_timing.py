"""Tap to next question in a real browser (headless Chromium, tablet size), next to a full
page load of the same question. Gunicorn on SQLite, traffic to 127.0.0.1 only.

    .venv/bin/python -m bench.browser_timing --dialogues 3 --workers 2

The time is taken in the test process: from the tap to the moment the next question's
heading is on screen (Playwright's wait adds a few milliseconds). The full page load is
``page.reload()`` of a question until the load event, scripts and CSS from the cache.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from .harness import PASSWORD, Server, seed

CHROMIUM = "/usr/bin/chromium"
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def _summary(values: list[float]) -> dict:
    if len(values) < 2:
        return {"n": len(values)}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1)}


def measure(dialogues: int, workers: int, threads: int = 4) -> dict:
    """Run ``dialogues`` dialogues in Chromium; time every tap and one reload per question."""
    with tempfile.TemporaryDirectory(prefix="survey-browser-") as name:
        url = f"sqlite:///{Path(name) / 'survey.db'}"
        seeded = seed(url, wards=1, residents_per_ward=4, tablets=1)
        username, _user_id, ward_id = seeded.users[0]
        taps, reloads = [], []
        with Server(url, workers=workers, threads=threads) as server, sync_playwright() as playwright:
            server.start(Path(name) / "gunicorn.log")
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_context(base_url=server.base, locale="en-US", **TABLET).new_page()
            page.goto("/login")
            page.locator("input[name='username']").fill(username)
            page.locator("input[name='password']").fill(PASSWORD)
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.wait_for_url(re.compile(r"/wards/\d+$"))
            heading = page.locator("#step h1")
            for n in range(dialogues):
                resident = seeded.residents[ward_id][n % len(seeded.residents[ward_id])]
                page.goto(f"/wards/{ward_id}/residents/{resident}/dialogues/new")
                page.get_by_role("radio", name="Dansk", exact=True).check()
                page.get_by_role("button", name="Start", exact=True).click()
                page.wait_for_url(re.compile(r"/items/"))
                while page.locator("#step button.choice").count():
                    started = time.perf_counter()
                    page.reload(wait_until="load")
                    reloads.append(time.perf_counter() - started)
                    question = heading.inner_text()
                    started = time.perf_counter()
                    page.locator("#step button.choice").first.tap()
                    expect(heading).not_to_have_text(question)
                    taps.append(time.perf_counter() - started)
            browser.close()
        return {"tap_to_next_question": _summary(taps), "full_page_load": _summary(reloads)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dialogues", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    args = parser.parse_args(argv)
    result = measure(args.dialogues, args.workers, args.threads)
    print(json.dumps(result, indent=2))
    tap, load = result["tap_to_next_question"], result["full_page_load"]
    print(f"\ntap → next question: median {tap.get('median_ms')} ms, p95 {tap.get('p95_ms')} ms "
          f"(n={tap['n']}); full page load: median {load.get('median_ms')} ms, "
          f"p95 {load.get('p95_ms')} ms (n={load['n']})")


if __name__ == "__main__":
    main()
