"""The simulated clients' HTTP client (bench/http_client.py), against a real local server."""

from __future__ import annotations

import threading

import pytest
from flask import Flask, make_response, redirect, request
from werkzeug.serving import make_server

from bench.http_client import ConnectionFailed, HttpClient


def _app() -> Flask:
    app = Flask(__name__)

    @app.post("/sign-in")
    def sign_in():
        response = make_response("in")
        response.set_cookie("session", "abc.def-1", httponly=True, samesite="Lax")
        return response

    @app.post("/sign-out")
    def sign_out():
        response = make_response("out")
        response.delete_cookie("session")
        return response

    @app.get("/echo")
    def echo():
        return {"cookie": request.headers.get("Cookie"), "language": request.headers.get("Accept-Language"),
                "htmx": request.headers.get("HX-Request")}

    @app.post("/form")
    def form():
        return f"{request.form['name']}|{request.form['note']}"

    @app.get("/moved")
    def moved():
        return redirect("/echo", code=303)

    return app


@pytest.fixture(scope="module")
def base():
    server = make_server("127.0.0.1", 0, _app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_cookie_the_server_sets_is_sent_with_the_next_request(base):
    client = HttpClient(base)
    client.post("/sign-in", {})
    assert client.get("/echo").content == b'{"cookie":"session=abc.def-1","htmx":null,"language":null}\n'


def test_a_cookie_the_server_deletes_is_no_longer_sent(base):
    client = HttpClient(base)
    client.post("/sign-in", {})
    client.post("/sign-out", {})
    assert client.cookies == {}
    assert '"cookie":null' in client.get("/echo").text


def test_default_and_per_request_headers_are_both_sent(base):
    client = HttpClient(base, {"Accept-Language": "da"})
    body = client.get("/echo", headers={"HX-Request": "true"}).text
    assert '"language":"da"' in body and '"htmx":"true"' in body


def test_form_data_arrives_encoded_as_a_browser_posts_it(base):
    reply = HttpClient(base).post("/form", {"name": "Åse & Bo", "note": "a=b; c"})
    assert reply.status_code == 200
    assert reply.text == "Åse & Bo|a=b; c"


def test_a_redirect_is_returned_not_followed(base):
    reply = HttpClient(base).get("/moved")
    assert reply.status_code == 303
    assert reply.headers["location"].endswith("/echo")
    assert reply.ok


def test_a_refused_connection_raises_connection_failed():
    with pytest.raises(ConnectionFailed):
        HttpClient("http://127.0.0.1:9").get("/")
