"""Helpers shared by the export tests: a quality-team member and the export command."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TEST_PASSWORD


def quality_user(username: str = "kvalitet", free_text: bool = True):
    """A member of the quality team (granted free text unless told otherwise)."""
    from survey.models import User
    from survey.users import create_user

    user = create_user(username, username.title(), TEST_PASSWORD, ["quality"], [])
    User.update(can_read_free_text=free_text).where(User.id == user.id).execute()
    return User.get_by_id(user.id)


def run_export(runner, tmp_path: Path, export_format: str, *extra: str, user: str = "kvalitet",
               name: str | None = None, expect_ok: bool = True):
    """Run `survey export FORMAT` into a file under tmp_path; return (path, result)."""
    out = tmp_path / (name or f"export-{export_format}")
    result = runner.invoke(args=["export", export_format, "--out", str(out), "--user", user, *extra])
    if expect_ok:
        assert result.exit_code == 0, result.output
    return out, result


def make_response(questionnaire, ward, answers: dict, *, started=None, finished=True,
                  answered_by: str = "resident", language: str = "da", resident=None):
    """A response stored as the dialogue would store it, with the given answers.

    Codes go to ``value_code``, text to ``value_text`` and floats to ``value_number``.
    """
    import datetime as dt

    from survey.models import Answer, AnsweredBy, Response, ResponseStatus

    started = started or dt.datetime(2026, 2, 3, 10, 0)
    response = Response.create(
        questionnaire=questionnaire, ward=ward, kind=questionnaire.kind, language=language,
        answered_by=AnsweredBy(answered_by), resident=resident, started_at=started,
        status=ResponseStatus.COMPLETE if finished else ResponseStatus.IN_PROGRESS,
        finished_at=started + dt.timedelta(minutes=12) if finished else None)
    for code, value in answers.items():
        column = ("value_text" if isinstance(value, str) else
                  "value_number" if isinstance(value, float) else "value_code")
        Answer.create(response=response, item_code=code, answered_at=started, **{column: value})
    return response
