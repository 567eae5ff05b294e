"""The simulated clients' HTTP: the standard library's http.client, one connection per request.

The load benchmark runs its clients on the same cores as the server it measures, so
what a client spends on a request is taken from the server. requests costs about
0.8 ms of CPU per request here, http.client about 0.3 ms (both against the minimal app;
see bench/README.md). The server closes every connection after its reply (no keep-alive,
as behind nginx), so a pool would keep nothing; cookies are the session's, kept by name.
"""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie

#: What a request that got no reply raises: refused, reset, timed out, cut short.
ConnectionFailed = (OSError, http.client.HTTPException)


@dataclass
class Reply:
    """What the server answered."""

    status_code: int
    headers: Message
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    @property
    def ok(self) -> bool:
        return self.status_code < 400


class HttpClient:
    """A browser-like client for one origin: keeps cookies, follows no redirects."""

    def __init__(self, base: str, headers: dict[str, str] | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict[str, str] | None = None, timeout: float = 30) -> Reply:
        """Send one request to ``path`` (on this client's origin) and read the whole reply."""
        sent = {**self.headers, **(headers or {})}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body, sent)
            answer = connection.getresponse()
            reply = Reply(answer.status, answer.msg, answer.read())
        finally:
            connection.close()
        self._keep_cookies(reply.headers.get_all("Set-Cookie") or [])
        return reply

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Reply:
        return self.request("POST", path, data=data, **kwargs)

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
