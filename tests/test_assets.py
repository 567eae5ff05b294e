"""Our scripts and stylesheets are served minified, under a URL that changes with them."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from survey import assets


@pytest.fixture
def static_folder(app, tmp_path: Path) -> Path:
    """A copy of the app's static folder, with one more script and stylesheet."""
    tmp_path = tmp_path / "static"
    shutil.copytree(app.static_folder, tmp_path)
    (tmp_path / "js" / "tool.js").write_text("// Why this is here.\nvar answer = 42;  // kept\n")
    (tmp_path / "css" / "look.css").write_text("/* Why. */\n.choice {\n  color: red;\n}\n")
    app.static_folder = str(tmp_path)
    return tmp_path


def url_of(app, path: str) -> str:
    with app.test_request_context():
        return assets.asset_url(path)


def test_a_script_is_served_without_its_comments_under_a_hashed_name(app, client, static_folder):
    url = url_of(app, "js/tool.js")
    reply = client.get(url)
    assert re.fullmatch(r"/assets/js/tool\.[0-9a-f]{12}\.js", url)
    assert reply.status_code == 200
    assert reply.mimetype == "text/javascript"
    assert reply.get_data(as_text=True) == "var answer=42;"


def test_a_stylesheet_is_served_minified(app, client, static_folder):
    reply = client.get(url_of(app, "css/look.css"))
    assert reply.mimetype == "text/css"
    assert reply.get_data(as_text=True) == ".choice{color:red}"


def test_browsers_may_keep_an_asset_for_a_year_without_asking(app, client, static_folder):
    reply = client.get(url_of(app, "js/tool.js"))
    assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in reply.headers


def test_a_changed_file_gets_a_new_url_and_the_old_one_is_gone(app, client, static_folder):
    before = url_of(app, "js/tool.js")
    script = static_folder / "js" / "tool.js"
    script.write_text("var answer = 43;\n")
    # A file rewritten within the same clock tick keeps its time stamp: move it on.
    stamp = script.stat().st_mtime_ns + 1_000_000
    os.utime(script, ns=(stamp, stamp))
    after = url_of(app, "js/tool.js")
    assert after != before
    assert client.get(after).get_data(as_text=True) == "var answer=43;"
    assert client.get(before).status_code == 404


@pytest.mark.parametrize("path", ["/assets/js/missing.0123456789ab.js",
                                  "/assets/js/../../auth.0123456789ab.py",
                                  "/assets/js/tool.js",
                                  "/assets/pictograms/yes.0123456789ab.svg"])
def test_anything_else_under_assets_is_not_found(client, static_folder, path):
    assert client.get(path).status_code == 404


def test_pages_link_the_minified_files(client):
    html = client.get("/login").get_data(as_text=True)
    assert re.search(r'href="/assets/css/app\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'src="/assets/js/app\.[0-9a-f]{12}\.js"', html)
    assert "/static/js/" not in html and "/static/css/" not in html
