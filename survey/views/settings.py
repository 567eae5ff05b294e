"""Personal settings: the interface language."""

from flask import Blueprint, current_app, redirect, session, url_for

from ..forms.settings import LanguageForm
from ..urls import safe_next

bp = Blueprint("settings", __name__)


@bp.post("/language")
def language():
    """Switch the interface language for this session and go back."""
    form = LanguageForm()
    if form.language.data in current_app.config["LANGUAGES"]:
        session["ui_language"] = form.language.data
    return redirect(safe_next(form.next.data) or url_for("dialogue.index"))
