"""The first page a ward tablet or a relative's phone loads stays small: issue 8 sets
25 KB gzip for the first dialogue page with everything it loads, htmx included.

Sizes are gzip level 6 of each response body, summed: the page and every file under
/static it links (stylesheets, scripts, pictograms), each counted once.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR
from tests.relatives_support import Phone, make_wave  # noqa: F401 - a fixture used below

LIMIT = 25_000
#: A link to one of our files; "#..." (a sprite's part) and "?..." name the same file.
STATIC_LINK = re.compile(r'(?:src|href)="(/static/[^"#?]+)')


@pytest.fixture
def app_config(app_config: dict, tmp_path: Path) -> dict:
    """The frozen dialogue and the frozen relatives' questionnaire side by side."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for source in [PROJECT_DIR / "tests" / "fixtures" / "app_questionnaires" / "min-hverdag.toml",
                   PROJECT_DIR / "tests" / "fixtures" / "relatives_questionnaires" / "paaroerende.toml"]:
        shutil.copy(source, folder / source.name)
    return {**app_config, "QUESTIONNAIRE_DIR": str(folder)}


def gzip_size(body: bytes) -> int:
    """Bytes on the wire when the body is sent gzip-compressed at level 6."""
    return len(gzip.compress(body, 6))


def weigh(client, page) -> dict[str, int]:
    """The page and each static file it links, gzipped, by path ("html" for the page)."""
    assert page.status_code == 200
    html = page.get_data()
    parts = {"html": gzip_size(html)}
    for path in dict.fromkeys(STATIC_LINK.findall(html.decode())):
        reply = client.get(path)
        assert reply.status_code == 200, path
        parts[path] = gzip_size(reply.get_data())
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
    assert "/static/css/app.css" in html
    assert "staff.css" not in html and "staff.js" not in html


def test_a_relatives_first_page_with_all_it_loads_is_under_25_kb_gzip(phone, make_wave):  # noqa: F811
    _wave, tokens, _posters = make_wave()
    landing = phone.open(f"/r/{tokens[0]}")
    parts = weigh(phone.client, landing)
    assert "/static/css/app.css" in parts, report(parts)
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
    assert "/static/css/staff.css" in html and "/static/js/staff.js" in html
