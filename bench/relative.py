"""A simulated relative answering on a phone: opens the letter's link, chooses a language,
answers every question (full pages, redirect after each post, as without JavaScript)
and sends. Records its requests like the tablets do, as kinds ``rel_save`` and ``rel_page``."""

from __future__ import annotations

import contextlib
import random
import re
import threading
import time
import uuid

from .http_client import ConnectionFailed, HttpClient, Reply
from .tablet import _CHOICE, _HIDDEN, _TOKEN, Record, Sample


class SimRelative:
    """One relative with one letter (token)."""

    def __init__(self, base: str, token: str, record: Record, stop: threading.Event,
                 think: tuple[float, float] = (1.0, 3.0), seed: int = 0):
        self.base, self.token, self.record, self.stop = base, token, record, stop
        self.think = think
        self.rng = random.Random(seed)
        self.http = HttpClient(base, {"Accept-Language": "da"})

    def _send(self, kind: str, method: str, path: str, data: dict | None = None) -> Reply:
        started = time.perf_counter()
        try:
            reply = self.http.request(method, path, data=data)
        except ConnectionFailed as error:
            self.record.errors.append(f"relative: {error!r}")
            raise
        elapsed = time.perf_counter() - started
        self.record.samples.append(Sample(kind, elapsed, reply.status_code, len(reply.content)))
        if reply.status_code >= 500:
            self.record.errors.append(f"{reply.status_code} {method} {path}")
        return reply

    def run(self) -> None:
        """Answer the whole questionnaire once (or until told to stop)."""
        with contextlib.suppress(*ConnectionFailed):
            self._run()

    def _run(self) -> None:
        url = f"/r/{self.token}"
        page = self._send("rel_page", "GET", url)
        token = _TOKEN.search(page.text)
        if page.status_code != 200 or not token:
            self.record.errors.append(f"relative landing answered {page.status_code}")
            return
        csrf = token.group(1)
        reply = self._send("rel_start", "POST", url, {"csrf_token": csrf, "language": "da"})
        while reply.status_code == 303 and not self.stop.is_set():
            url = reply.headers["Location"].removeprefix(self.base)
            page = self._send("rel_page", "GET", url)
            if url.endswith("/send"):
                self._send("rel_send", "POST", url, {"csrf_token": csrf})
                return
            self.stop.wait(self.rng.uniform(*self.think))
            html = page.text
            is_text = "<textarea" in html
            choices = ["3"] if 'type="number"' in html else _CHOICE.findall(html)
            data = {"csrf_token": csrf, "action": "save",
                    "request_id": _match(_HIDDEN.format("request_id"), html),
                    "revision": _match(_HIDDEN.format("revision"), html) or "0"}
            if is_text:
                data["value"] = f"Tekst {uuid.uuid4().hex[:6]}"
            elif choices:
                data["value"] = self.rng.choice(choices)
            else:
                data["action"] = "skip"
            reply = self._send("rel_save", "POST", url, data)
            if reply.status_code == 303 and data["action"] == "save":
                self.record.relative_saves += 1
        if reply.status_code != 303 and not self.stop.is_set():
            self.record.errors.append(f"relative: {reply.status_code} on {url}")


def _match(pattern: str, html: str) -> str:
    found = re.search(pattern, html)
    return found.group(1) if found else ""
