"""A simulated ward tablet: signs in, carries the CSRF token, runs dialogues through the
htmx fragments as the browser does, retries a request the server never answered (same
request id, same value: the save is idempotent), and unlocks itself after each dialogue.

It records every request (kind, latency, status, bytes) and every answer the server
acknowledged with a 2xx, so a fault test can check that nothing acknowledged was lost.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

from .harness import PASSWORD
from .http_client import ConnectionFailed, HttpClient, Reply

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_HIDDEN = r'name="{}"[^>]*value="([^"]*)"'
_CHOICE = re.compile(r'name="value"[^>]*value="([^"]+)"')
_RESPONSE = re.compile(r"/dialogues/(\d+)/")
#: Who answers: the radio checked on the screen, which a browser sends with the form.
_ANSWERER = re.compile(r'name="answered_by" type="radio" value="([^"]+)" checked')


@dataclass
class Sample:
    """One request: what it was, how long it took, what came back."""

    kind: str
    seconds: float
    status: int
    size: int
    body: bytes = b""
    #: When it was answered (time.monotonic()): a run leaves out its warm-up.
    at: float = field(default_factory=time.monotonic)


@dataclass
class Acknowledged:
    """An answer the server said it saved (2xx), with the value the tablet sent."""

    response_id: int
    item_code: str
    value: str
    is_text: bool


@dataclass
class Record:
    """What all tablets of a run saw; appended to from many threads (list.append is atomic)."""

    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    signed_in_again: int = 0
    relative_saves: int = 0
    keep_bodies: bool = False


class GaveUp(Exception):
    """The server did not answer for longer than the tablet waits."""


class SimTablet:
    """One staff member's tablet, driven by one thread."""

    def __init__(self, base: str, user: tuple[str, int, int], residents: list[int],
                 questionnaire_id: int, record: Record, stop: threading.Event,
                 think: tuple[float, float] = (0.0, 0.0), seed: int = 0, patience: float = 60.0,
                 ramp: float = 0.0):
        self.base = base
        self.username, self.user_id, self.ward_id = user
        self.residents = residents
        self.questionnaire_id = questionnaire_id
        self.record = record
        self.stop = stop
        self.think = think
        self.rng = random.Random(seed)
        self.patience = patience
        self.ramp = ramp
        self.http = HttpClient(base, {"Accept-Language": "en"})
        self.token = ""

    # --- HTTP, with retries while the server is away ------------------------------------

    def _send(self, kind: str, method: str, path: str, data: dict | None = None,
              htmx: bool = False) -> Reply:
        """Send until the server answers; the same request each time (idempotent saves)."""
        headers = {"HX-Request": "true"} if htmx else {}
        if data is not None:
            data = {"csrf_token": self.token, **data}
        deadline = time.monotonic() + self.patience
        while True:
            started = time.perf_counter()
            try:
                reply = self.http.request(method, path, data=data, headers=headers)
            except ConnectionFailed:
                if time.monotonic() > deadline:
                    raise GaveUp(f"{method} {path}") from None
                time.sleep(0.1)
                continue
            elapsed = time.perf_counter() - started
            body = reply.content if self.record.keep_bodies else b""
            self.record.samples.append(Sample(kind, elapsed, reply.status_code, len(reply.content), body))
            if reply.status_code >= 500:
                self.record.errors.append(f"{reply.status_code} {method} {path}")
            return reply

    def _token_from(self, html: str) -> None:
        match = _TOKEN.search(html)
        if match:
            self.token = match.group(1)

    def sign_in(self) -> None:
        """Sign in as the tablet's user and keep the session's CSRF token."""
        self._token_from(self._send("page", "GET", "/login").text)
        self._send("login", "POST", "/login", {"username": self.username, "password": PASSWORD})
        # Signing in starts a new session, and with it a new CSRF token.
        self._token_from(self._send("page", "GET", "/login").text)

    def _unlock(self) -> None:
        self._send("unlock", "POST", "/lock", {"user": str(self.user_id), "code": PASSWORD})
        self._token_from(self._send("page", "GET", "/login").text)

    def _signed_out(self) -> None:
        # A crash between a new session being stored and its cookie reaching the tablet
        # leaves the tablet with the old, ended session: staff sign in again.
        self.record.signed_in_again += 1
        self.sign_in()

    def _pause(self) -> None:
        low, high = self.think
        if high > 0:
            self.stop.wait(self.rng.uniform(low, high))

    # --- The dialogue ----------------------------------------------------------------------

    def run(self) -> None:
        """Run dialogues until told to stop; a tablet that gives up notes why and ends."""
        try:
            if not self.token:
                self.sign_in()
            # Tablets on a ward are not in step: each starts at its own moment within the
            # ramp (or after its own think time), so dialogues do not all end, and unlock
            # with a PIN, in one burst.
            if self.ramp > 0:
                self.stop.wait(self.rng.uniform(0, self.ramp))
            else:
                self._pause()
            while not self.stop.is_set():
                self.run_dialogue()
        except GaveUp as error:
            self.record.errors.append(f"gave up: {error}")
        except Exception as error:  # a thread must not die silently: the run reports it
            self.record.errors.append(f"tablet failed: {error!r}")

    def run_dialogue(self, finish: bool = True) -> None:
        """Start a dialogue with a random resident of the ward and answer every question.

        Without ``finish`` the tablet leaves the dialogue after its last question (it stays
        open, as a stopped one does): no summary, no unlock, only the questions' saves.
        """
        resident = self.rng.choice(self.residents)
        reply = self._send("start", "POST", f"/wards/{self.ward_id}/residents/{resident}/dialogues/new",
                           {"questionnaire": str(self.questionnaire_id), "answered_by": "resident",
                            "language": "da"})
        if reply.status_code != 303:
            self.record.errors.append(f"start answered {reply.status_code}")
            self.stop.wait(0.5)
            return
        url = reply.headers["Location"].removeprefix(self.base)
        if url.startswith("/login"):
            self._signed_out()
            return
        if not _RESPONSE.search(url):
            self.record.errors.append(f"start led to {url}")
            self.stop.wait(0.5)
            return
        page = self._send("page", "GET", url)
        if page.status_code != 200:
            self.record.errors.append(f"{page.status_code} on {url}")
            self.stop.wait(0.5)
            return
        html, response_id = page.text, int(_RESPONSE.search(url).group(1))
        while not self.stop.is_set():
            self._pause()
            if "/items/" in url:
                reply = self._answer(response_id, url, html)
            elif not finish and not url.endswith("/follow-up"):
                return
            elif url.endswith("/follow-up"):
                reply = self._send("step", "POST", url, {}, htmx=True)
            elif url.endswith("/actions"):
                reply = self._send("step", "POST", f"/dialogues/{response_id}/actions/done", {}, htmx=True)
            elif url.endswith("/summary"):
                reply = self._send("finish", "POST", f"/dialogues/{response_id}/finish", {})
                if reply.status_code == 303:
                    self.record.finished.append(response_id)
                self._unlock()
                return
            else:
                self.record.errors.append(f"unexpected step {url}")
                return
            if "/login" in reply.headers.get("Location", "") + reply.headers.get("HX-Redirect", ""):
                self._signed_out()
                return
            if reply.status_code != 200 or "HX-Push-Url" not in reply.headers:
                self.record.errors.append(f"{reply.status_code} on {url}")
                return
            url, html = reply.headers["HX-Push-Url"], reply.text

    def _answer(self, response_id: int, url: str, html: str) -> Reply:
        """Tap an answer on the question in ``html``, as the browser posts it."""
        item_code = url.rsplit("/", 1)[1]
        request_id = re.search(_HIDDEN.format("request_id"), html)
        revision = re.search(_HIDDEN.format("revision"), html)
        is_text = "<textarea" in html
        choices = ["3"] if 'type="number"' in html else _CHOICE.findall(html)
        if not is_text and not choices:
            self.record.errors.append(f"no answer to tap on {url}")
            return self._send("page", "GET", url)
        value = f"Svar {uuid.uuid4().hex[:8]}" if is_text else self.rng.choice(choices)
        data = {"value": value, "request_id": request_id.group(1) if request_id else "",
                "revision": revision.group(1) if revision else "0"}
        if is_text:
            data["action"] = "save"
        answerer = _ANSWERER.search(html)
        if answerer:
            data["answered_by"] = answerer.group(1)
        reply = self._send("save", "POST", url, data, htmx=True)
        if 200 <= reply.status_code < 300:
            self.record.acknowledged.append(Acknowledged(response_id, item_code, value, is_text))
        return reply
