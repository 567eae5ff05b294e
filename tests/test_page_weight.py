"""The first page a ward tablet or a relative's phone loads stays small: issue 8 sets
25 KB gzip for the first dialogue page with everything it loads, htmx included.

Sizes are gzip level 6 of each response body, summed: the page and every file it links
(htmx under /static, our minified scripts and stylesheets under /assets), each counted once.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from tests.conftest import with_relatives_questionnaire
from tests.relatives_support import Phone, make_wave  # noqa: F401 - a fixture used below

LIMIT = 25_000
#: "/assets/css/app.3f2a9c01b2d4.css" is reported as "/assets/css/app.css".
ASSET_HASH = re.compile(r"\.[0-9a-f]{12}(\.(?:js|css))$")
#: A link to one of our files; "#..." (a sprite's part) and "?..." name the same file.
STATIC_LINK = re.compile(r'(?:src|href)="(/(?:static|assets)/[^"#?]+)')


@pytest.fixture
def app_config(app_config: dict, tmp_path: Path) -> dict:
    """The frozen dialogue and the frozen relatives' questionnaire side by side."""
    return with_relatives_questionnaire(app_config, tmp_path)


def gzip_size(body: bytes) -> int:
    """Bytes on the wire when the body is sent gzip-compressed at level 6."""
    return len(gzip.compress(body, 6))


def weigh(client, page) -> dict[str, int]:
    """The page and each file it links, gzipped, by path ("html" for the page; a hashed
    asset by its name without the hash)."""
    assert page.status_code == 200
    html = page.get_data()
    parts = {"html": gzip_size(html)}
    for path in dict.fromkeys(STATIC_LINK.findall(html.decode())):
        reply = client.get(path)
        assert reply.status_code == 200, path
        parts[ASSET_HASH.sub(r"\1", path)] = gzip_size(reply.get_data())
        reply.close()
    return parts


def report(parts: dict[str, int]) -> str:
    return f"{sum(parts.values())} bytes: " + ", ".join(f"{name} {size}" for name, size in parts.items())


@pytest.fixture
def first_dialogue_page(signed_in, world, min_hverdag):
    """The first question of a new dialogue, as the tablet loads it after "Start"."""
    url = f"/wards/{world.ward.id}/residents/{world.resident.id}/dialogues/new"
    started = signed_in.post(url, {"questionnaire": min_hverdag.id, "answered_by": "resident",
                                   "language": "da"})
    assert started.status_code == 303
    return signed_in.get(started.headers["Location"])


@pytest.fixture
def phone(client) -> Phone:
    return Phone(client)


def test_the_first_dialogue_page_with_all_it_loads_is_under_25_kb_gzip(signed_in, first_dialogue_page):
    parts = weigh(signed_in.client, first_dialogue_page)
    assert "/static/vendor/htmx.min.js" in parts, report(parts)
    assert sum(parts.values()) < LIMIT, report(parts)


def test_the_dialogue_page_loads_no_office_styles_or_scripts(first_dialogue_page):
    html = first_dialogue_page.get_data(as_text=True)
    assert "/assets/css/app." in html
    assert "staff.css" not in html and "staff.js" not in html


def test_a_relatives_first_page_with_all_it_loads_is_under_25_kb_gzip(phone, make_wave):  # noqa: F811
    _wave, tokens, _posters = make_wave()
    landing = phone.open(f"/r/{tokens[0]}")
    parts = weigh(phone.client, landing)
    assert "/assets/css/app.css" in parts, report(parts)
    assert sum(parts.values()) < LIMIT, report(parts)


def test_a_relatives_first_question_with_all_it_loads_is_under_25_kb_gzip(phone, make_wave):  # noqa: F811
    _wave, tokens, _posters = make_wave()
    question = phone.start(f"/r/{tokens[0]}")
    assert "/q/" in question.request.path
    parts = weigh(phone.client, question)
    assert sum(parts.values()) < LIMIT, report(parts)


def test_office_pages_bring_their_own_styles(tablet, world):
    from survey.users import create_user
    from tests.conftest import TEST_PASSWORD

    create_user("root", "Root", TEST_PASSWORD, ["admin"])
    tablet.sign_in("root")
    html = tablet.get("/admin/users").get_data(as_text=True)
    assert "/assets/css/staff." in html and "/assets/js/staff." in html
