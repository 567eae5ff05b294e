"""`survey demo` opens a relatives' wave and prints unused letters to try on a phone."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PROJECT_DIR
from tests.relatives_support import Phone


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The shipped questionnaires: the demo needs both the dialogue and the relatives' one."""
    return {**app_config, "QUESTIONNAIRE_DIR": str(PROJECT_DIR / "questionnaires")}


def test_the_demo_prints_unused_relatives_links_that_open_the_survey(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    links = re.findall(r"http://127\.0\.0\.1:5000(/r/[A-Za-z0-9_-]{22})", result.output)
    assert len(links) == 3
    page = Phone(client).open(links[0])
    assert page.status_code == 200 and 'value="en"' in page.get_data(as_text=True)
