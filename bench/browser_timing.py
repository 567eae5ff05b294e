"""Tap to next question in a real browser (headless Chromium, tablet size), next to a full
page load of the same question. Gunicorn on SQLite, traffic to 127.0.0.1 only.

    .venv/bin/python -m bench.browser_timing --dialogues 3 --workers 2

Both are timed by the page's own clock, so that the test process's waiting adds nothing:
a tap from its first touch (pointerdown) to the first frame drawn after the next
question's heading replaced the old one; a full page load (``page.reload()`` of a
question, scripts and CSS from the cache) from the start of the navigation to the end of
its load event (Navigation Timing).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from .harness import PASSWORD, Server, seed

CHROMIUM = "/usr/bin/chromium"
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


#: Notes when the tap starts and when the next question is drawn (window.__timing).
_WATCH_TAP = """() => {
  const before = document.querySelector('#step h1').textContent;
  const timing = window.__timing = {};
  document.addEventListener('pointerdown', () => { timing.tap = performance.now(); },
                            {capture: true, once: true});
  new MutationObserver((changes, observer) => {
    const heading = document.querySelector('#step h1');
    if (heading && heading.textContent !== before) {
      observer.disconnect();
      requestAnimationFrame(() => { timing.shown = performance.now(); });
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
_TAP_SECONDS = "() => (window.__timing.shown - window.__timing.tap) / 1000"
_LOADED = "() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0"
_LOAD_SECONDS = "() => performance.getEntriesByType('navigation')[0].loadEventEnd / 1000"


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
                    page.reload(wait_until="load")
                    page.wait_for_function(_LOADED)
                    reloads.append(page.evaluate(_LOAD_SECONDS))
                    question = heading.inner_text()
                    page.evaluate(_WATCH_TAP)
                    page.locator("#step button.choice").first.tap()
                    expect(heading).not_to_have_text(question)
                    page.wait_for_function("() => window.__timing.shown !== undefined")
                    taps.append(page.evaluate(_TAP_SECONDS))
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
