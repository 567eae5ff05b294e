"""The questionnaires in use, and the codebook of each, for staff and the quality team."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import get_locale

from ..auth import login_required
from ..models import Questionnaire
from ..questionnaire.codebook import codebook as build_codebook
from ..questionnaire.codebook import framework_names
from ..questionnaire.store import definition_of

bp = Blueprint("questionnaires", __name__)


def _current() -> list[Questionnaire]:
    return list(Questionnaire.select().where(Questionnaire.current == True)  # noqa: E712
                .order_by(Questionnaire.kind, Questionnaire.code))


@bp.get("/questionnaires")
@login_required
def index():
    """List the questionnaires in use, each with a link to its codebook."""
    language = get_locale().language
    rows = [(questionnaire, definition_of(questionnaire).title(language))
            for questionnaire in _current()]
    return render_template("questionnaires/index.html", rows=rows)


@bp.get("/questionnaires/<code>/codebook")
@login_required
def codebook(code: str):
    """Show the codebook of the version of a questionnaire in use."""
    questionnaire = Questionnaire.get_or_none(
        Questionnaire.code == code, Questionnaire.current == True  # noqa: E712
    ) or abort(404)
    book = build_codebook(definition_of(questionnaire))
    language = get_locale().language
    return render_template("questionnaires/codebook.html", questionnaire=questionnaire,
                           book=book, names=framework_names(language),
                           title=book["title"].get(language) or book["title"][book["languages"][0]])
