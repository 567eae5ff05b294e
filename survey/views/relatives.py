"""The relatives' questionnaire on their own phone: ``/r/<token>``, public by design.
The staff pulse is answered here too, through its ward posters.

No sign-in, no JavaScript needed: each screen is a plain form that saves and redirects
(post, redirect, get), so the back button and a reload never send an answer twice.
Every page is sent with ``Referrer-Policy: no-referrer``: the link is the relative's key
and must not travel on to any site, ours included (our access logs mask it as well,
see survey.relatives.guard).

CSRF: these pages are exempt from CSRFProtect, which on HTTPS refuses a post without a
Referer from this site (and there is none under no-referrer). Each form still carries
the session's CSRF token and the views check it (``_check_csrf``); and a forged post
would need the secret link, which is the real key here.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from .. import responses
from ..extensions import csrf
from ..forms.dialogue import LANGUAGE_NAMES, answer_form
from ..models import Invitation, QuestionnaireKind, Response
from ..questionnaire.items import item_type
from ..questionnaire.store import definition_of
from ..relatives import answering, guard
from ..relatives.waves import WaveState, state_of
from ..sessions import LANGUAGE_KEY
from .question_parts import question

bp = Blueprint("relatives", __name__, url_prefix="/r")
csrf.exempt(bp)

#: Session keys: this phone's poster response per poster, and posters it has answered.
POSTER_KEY = "relatives_poster_responses"
SENT_KEY = "relatives_posters_sent"


@bp.record_once
def _mask_tokens_in_logs(state) -> None:
    guard.install_log_filter(state.app.logger)


@bp.after_request
def _no_referrer(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.context_processor
def _audience() -> dict[str, bool]:
    # The staff pulse goes through these pages too: its thank-you speaks to staff.
    return {"for_staff": g.get("survey_kind") is QuestionnaireKind.STAFF}


def _page(template: str, status: int = 200, **context: Any):
    return make_response(render_template(template, **context), status)


def _invitation_or_stop(token: str) -> Invitation:
    """The token's letter or poster, or a friendly refusal (429, 404, 410) via abort."""
    until = guard.blocked_until()
    if until is not None:
        reply = _page("relatives/slow_down.html", 429)
        reply.headers["Retry-After"] = str(guard.retry_after(until))
        abort(reply)
    invitation = answering.find(token)
    questionnaire = answering.questionnaire_of(invitation.wave) if invitation else None
    if invitation is None or questionnaire is None:
        guard.failed_lookup()
        abort(_page("relatives/unknown.html", 404))
    g.survey_kind = questionnaire.kind
    state = state_of(invitation.wave)
    if state is WaveState.CLOSED:
        abort(_page("relatives/closed.html", 410, wave=invitation.wave))
    if state is WaveState.NOT_YET_OPEN:
        abort(_page("relatives/not_yet.html", 403, wave=invitation.wave))
    return invitation


def _check_csrf() -> None:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        abort(_page("relatives/try_again.html", 400))


def _sent(invitation: Invitation) -> bool:
    if invitation.open_link:
        return invitation.id in session.get(SENT_KEY, [])
    return invitation.submitted_on is not None


def _current(invitation: Invitation) -> Response | None:
    started = session.get(POSTER_KEY, {}).get(str(invitation.id))
    return answering.in_progress(invitation, started)


def _open_response(token: str) -> tuple[Invitation, Response]:
    """The response this link (and phone) is answering; a thank-you or the start otherwise."""
    invitation = _invitation_or_stop(token)
    response = _current(invitation)
    if response is None:
        if _sent(invitation):
            abort(_page("relatives/thanks.html", 409, already=True))
        abort(redirect(url_for("relatives.landing", token=token), code=303))
    return invitation, response


def _step_url(token: str, item_code: str | None) -> str:
    if item_code is None:
        return url_for("relatives.review", token=token)
    return url_for("relatives.item", token=token, item_code=item_code)


@bp.get("/<token>")
def landing(token: str):
    """Welcome the relative: choose a language and start, or resume, or say thank you."""
    invitation = _invitation_or_stop(token)
    answering.note_opened(invitation)
    response = _current(invitation)
    if response is not None:
        # Resumed on another phone or after the browser forgot: the pages speak its language.
        session[LANGUAGE_KEY] = response.language
        return redirect(_step_url(token, response.current_item))
    if _sent(invitation):
        return _page("relatives/thanks.html")
    definition = definition_of(answering.questionnaire_of(invitation.wave))
    return _page("relatives/start.html", token=token, invitation=invitation, definition=definition,
                 languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in definition.languages])


@bp.post("/<token>")
def start(token: str):
    """Start answering in the chosen language (remembered for this phone's session)."""
    invitation = _invitation_or_stop(token)
    _check_csrf()
    if _current(invitation) is None and _sent(invitation):
        return _page("relatives/thanks.html", 409, already=True)
    questionnaire = answering.questionnaire_of(invitation.wave)
    language = request.form.get("language", "")
    if language not in definition_of(questionnaire).languages:
        return redirect(url_for("relatives.landing", token=token), code=303)
    response = _current(invitation) or answering.start(invitation, questionnaire, language)
    session[LANGUAGE_KEY] = language
    if invitation.open_link:
        session[POSTER_KEY] = {**session.get(POSTER_KEY, {}), str(invitation.id): response.id}
    return redirect(_step_url(token, response.current_item), code=303)


def _render_item(token: str, response: Response, item_code: str, form=None, status: int = 200,
                 message: str | None = None):
    definition = definition_of(response.questionnaire)
    shown = question(response, definition, item_code, form)
    if shown is None:
        return redirect(_step_url(token, response.current_item))
    return _page("relatives/item.html", status, token=token, response=response,
                 definition=definition, step=shown.step, form=shown.form, kind=shown.kind,
                 message=message)


@bp.get("/<token>/q/<item_code>")
def item(token: str, item_code: str):
    """Show one question, with the answer given before if there is one."""
    _invitation, response = _open_response(token)
    return _render_item(token, response, item_code)


@bp.post("/<token>/q/<item_code>")
def answer(token: str, item_code: str):
    """Save one answer (or skip the question) and go on to the next question."""
    _invitation, response = _open_response(token)
    _check_csrf()
    definition = definition_of(response.questionnaire)
    step = responses.step_of(definition, responses.answers_of(response), item_code)
    if step is None:
        return redirect(_step_url(token, response.current_item), code=303)
    try:
        if request.form.get("action") == "skip":
            return redirect(_step_url(token, answering.skip(response, item_code)), code=303)
        form = answer_form(step.item, definition, response.language, None, response.answered_by,
                           formdata=request.form)
        if not form.is_empty() and not form.validate():
            return _render_item(token, response, item_code, form=form, status=422)
        columns = None if form.is_empty() else item_type(step.item).to_columns(form.value.data)
        next_code = answering.save(response, item_code, columns, form.request_id.data or None,
                                   form.base_revision())
    except responses.DialogueClosed:
        return _page("relatives/thanks.html", 409, already=True)
    except responses.StaleAnswer:
        return _render_item(token, response, item_code, status=409,
                            message=_("This answer was changed in another window. Here is the "
                                      "saved answer."))
    return redirect(_step_url(token, next_code), code=303)


@bp.get("/<token>/send")
def review(token: str):
    """Ask the relative to send their answers (or go back and change one)."""
    _invitation, response = _open_response(token)
    definition = definition_of(response.questionnaire)
    answers = responses.answers_of(response)
    items = responses.applicable_items(definition, answers)
    unanswered = sum(1 for item in items if item["code"] not in answers)
    return _page("relatives/review.html", token=token, response=response, definition=definition,
                 last_code=items[-1]["code"], unanswered=unanswered, total=len(items))


@bp.post("/<token>/send")
def send(token: str):
    """Send the answers: they are complete, and the link takes no more."""
    invitation, response = _open_response(token)
    _check_csrf()
    try:
        answering.send(response)
    except responses.DialogueClosed:
        return _page("relatives/thanks.html", 409, already=True)
    if invitation.open_link:
        started = dict(session.get(POSTER_KEY, {}))
        started.pop(str(invitation.id), None)
        session[POSTER_KEY] = started
        session[SENT_KEY] = [*session.get(SENT_KEY, []), invitation.id][-20:]
    return redirect(url_for("relatives.landing", token=token), code=303)

