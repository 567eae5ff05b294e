"""Ward wifi is weak: nothing the browser loads may come from another host."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "survey" / "templates"
STATIC = Path(__file__).resolve().parent.parent / "survey" / "static"
EXTERNAL = re.compile(r"""(?:src|href|action|hx-get|hx-post)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_IMPORT = re.compile(r"""(?:@import|url\()\s*["']?\s*(?:https?:)?//""", re.I)


def test_no_template_loads_anything_from_another_host():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if EXTERNAL.search(line)
    ]
    assert offenders == []


def test_no_stylesheet_imports_from_another_host():
    offenders = [str(path) for path in STATIC.rglob("*.css") if CSS_IMPORT.search(path.read_text())]
    assert offenders == []


def test_the_rendered_pages_only_reference_this_site(signed_in, start_dialogue, world):
    response = start_dialogue()
    for url in ("/login", f"/wards/{world.ward.id}", f"/dialogues/{response.id}/items/sb_dag",
                f"/dialogues/{response.id}/summary"):
        html = signed_in.get(url).get_data(as_text=True)
        assert not EXTERNAL.search(html), url
        assert "/static/vendor/htmx.min.js" in html or url == "/login"


def test_htmx_is_pinned_to_2_0_in_the_lock_file():
    import json

    lock = json.loads((TEMPLATES.parent.parent / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/htmx.org"]["version"]
    assert version.startswith("2.0."), version
