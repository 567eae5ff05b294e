"""The quality team's invitation waves: create one, follow it per ward, close it early,
print its letters and ward posters again, and read the comments of large enough groups."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from .. import audit
from ..auth import require_role
from ..forms.waves import WaveForm
from ..models import InvitationWave, Questionnaire, QuestionnaireKind, Role, Site, Ward
from ..questionnaire.store import definition_of
from ..relatives import comments, waves
from ..relatives.qr import qr_svg
from .rendering import render

bp = Blueprint("waves", __name__, url_prefix="/waves")

quality_only = require_role(Role.QUALITY)


def _wave_or_404(wave_id: int) -> InvitationWave:
    return InvitationWave.get_or_none(InvitationWave.id == wave_id) or abort(404)


def _for_staff(wave: InvitationWave) -> bool:
    """Whether the wave is a staff pulse: its posters and messages speak to staff."""
    return waves.kind_of(wave.questionnaire_code) is QuestionnaireKind.STAFF


def _title_of(code: str) -> str:
    questionnaire = Questionnaire.get_or_none(Questionnaire.code == code,
                                              Questionnaire.current == True)  # noqa: E712
    return definition_of(questionnaire).title(get_locale().language) if questionnaire else code


@bp.app_template_global()
def wave_state_label(wave: InvitationWave) -> str:
    """Open, closed or not yet open, in the interface language."""
    return {
        waves.WaveState.OPEN: _("Open"),
        waves.WaveState.CLOSED: _("Closed"),
        waves.WaveState.NOT_YET_OPEN: _("Not yet open"),
    }[waves.state_of(wave)]


@bp.get("/")
@quality_only
def index():
    """List the waves, newest first."""
    found = list(InvitationWave.select().order_by(InvitationWave.created_at.desc()))
    return render("waves/index.html", "waves/index.html", waves=found, title_of=_title_of)


def _wave_form() -> WaveForm:
    form = WaveForm()
    current = (Questionnaire.select()
               .where(Questionnaire.current == True,  # noqa: E712
                      Questionnaire.kind.in_([QuestionnaireKind.RELATIVES,
                                              QuestionnaireKind.STAFF]))
               .order_by(Questionnaire.code))
    form.questionnaire.choices = [
        SelectChoice(q.code, definition_of(q).title(get_locale().language)) for q in current]
    if form.questionnaire.data is None and form.questionnaire.choices:
        form.questionnaire.data = form.questionnaire.choices[0].value
    form.wards.choices = [
        SelectChoice(ward.id, ward.full_name)
        for ward in Ward.select(Ward, Site).join(Site).order_by(Site.name, Ward.name)]
    if request.method == "GET":
        today = waves.today()
        form.opens_on.data = form.opens_on.data or today
        form.closes_on.data = form.closes_on.data or today + dt.timedelta(days=28)
    return form


@bp.route("/new", methods=["GET", "POST"])
@quality_only
def new():
    """Create a wave: one letter per relative on each chosen ward, and ward posters."""
    form = _wave_form()
    if form.validate_on_submit():
        wards = list(Ward.select().where(Ward.id.in_(form.wards.data)))
        wave = waves.create_wave(
            form.questionnaire.data, form.title.data.strip(), wards, form.letters_per_ward.data,
            form.opens_on.data, form.closes_on.data, form.posters.data, g.user)
        audit.record("wave_created", object_type="invitation_wave", object_id=wave.id,
                     role=Role.QUALITY.value,
                     detail={"wards": len(wards), "letters_per_ward": form.letters_per_ward.data,
                             "posters": form.posters.data})
        if _for_staff(wave):
            flash(_("The wave is ready. Print the ward posters and hang one where the staff "
                    "of each ward will see it."))
        else:
            flash(_("The wave is ready. Print the letters and give one to each relative."))
        return redirect(url_for("waves.show", wave_id=wave.id), code=303)
    return render("waves/new.html", "waves/new.html", status=422 if form.errors else 200,
                  form=form)


@bp.get("/<int:wave_id>")
@quality_only
def show(wave_id: int):
    """Show the wave per ward: letters sent, opened and answered; poster answers apart."""
    wave = _wave_or_404(wave_id)
    return render("waves/show.html", "waves/show.html", wave=wave, counts=waves.counts(wave),
                  title=_title_of(wave.questionnaire_code),
                  posters_only=waves.posters_only(wave.questionnaire_code),
                  closed=waves.state_of(wave) is waves.WaveState.CLOSED)


@bp.post("/<int:wave_id>/close")
@quality_only
def close(wave_id: int):
    """Close the wave now: its links show a friendly "this survey has closed" page."""
    wave = _wave_or_404(wave_id)
    if waves.close_wave(wave):
        audit.record("wave_closed", object_type="invitation_wave", object_id=wave.id,
                     role=Role.QUALITY.value)
        flash(_("The wave is closed. Its links take no more answers."))
    return redirect(url_for("waves.show", wave_id=wave.id), code=303)


def _printable(wave: InvitationWave, open_link: bool):
    try:
        found = waves.letters(wave, open_link=open_link)
    except waves.TokensChanged:
        return render("waves/cannot_reprint.html", "waves/cannot_reprint.html", status=409,
                      wave=wave)
    audit.record("letters_printed" if not open_link else "posters_printed",
                 object_type="invitation_wave", object_id=wave.id, role=Role.QUALITY.value,
                 detail={"count": len(found)})
    pages = []
    for letter in found:
        url = url_for("relatives.landing", token=letter.token, _external=True)
        pages.append((letter, url, qr_svg(url, _("QR code with the link to the survey"))))
    template = "waves/posters.html" if open_link else "waves/letters.html"
    return render(template, template, wave=wave, pages=pages,
                  title=_title_of(wave.questionnaire_code),
                  for_staff=_for_staff(wave))


@bp.get("/<int:wave_id>/letters")
@quality_only
def letters(wave_id: int):
    """Print the wave's letters: one A4 page each, with its own QR code and link."""
    return _printable(_wave_or_404(wave_id), open_link=False)


@bp.get("/<int:wave_id>/posters")
@quality_only
def posters(wave_id: int):
    """Print the wave's open ward posters: one A4 page per ward."""
    return _printable(_wave_or_404(wave_id), open_link=True)


@bp.get("/<int:wave_id>/comments")
@quality_only
def wave_comments(wave_id: int):
    """Read relatives' comments per ward, only where enough relatives answered."""
    wave = _wave_or_404(wave_id)
    if not g.user.can_read_free_text:
        abort(403)
    groups = comments.comments_of(wave)
    audit.record("relatives_comments_viewed", object_type="invitation_wave", object_id=wave.id,
                 role=Role.QUALITY.value,
                 detail={"wards_shown": sum(1 for group in groups if not group.suppressed)})
    return render("waves/comments.html", "waves/comments.html", wave=wave, groups=groups,
                  min_n=comments.min_n())
