"""Signing staff in and out, the ward tablet's lock screen, and the personal PIN."""

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..audit import record
from ..auth import (
    LockedOut,
    attempt_sign_in,
    attempt_unlock,
    hash_password,
    lock_tablet,
    require_role,
    sign_in,
    sign_out,
    unlock,
    unlock_candidates,
)
from ..forms.auth import LoginForm, PinForm, RemovePinForm, UnlockForm
from ..models import Role, User
from ..urls import safe_next

bp = Blueprint("auth", __name__)


def _locked_out(template: str, locked: LockedOut, **context):
    """The page again with why and until when (429, with Retry-After)."""
    reply = make_response(render_template(template, message=locked.message(), **context), 429)
    reply.headers["Retry-After"] = str(locked.retry_after())
    return reply


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in and go on to where the user was heading."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = attempt_sign_in(form.username.data, form.password.data)
        except LockedOut as locked:
            return _locked_out("auth/login.html", locked, form=form)
        if user is not None:
            sign_in(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dialogue.index"))
        form.password.errors.append(_("The user name or password is wrong."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out and end the session on the server; the browser forgets the pages."""
    sign_out()
    flash(_("You are signed out."))
    reply = redirect(url_for("auth.login"))
    reply.headers["Clear-Site-Data"] = '"cache", "storage"'
    return reply


def _render_lock(form: UnlockForm, status: int = 200, locked: LockedOut | None = None):
    people = unlock_candidates()
    form.user.choices = [SelectChoice(person.id, person.display_name) for person in people]
    if form.user.data is None:
        form.user.data = g.user_session.user_id
    with_password = request.args.get("with") == "password"
    # Either code is taken; the PIN pad is the quick way, the password the way without one.
    if with_password:
        form.code.label.text = _("Password")
    else:
        form.code.label.text = _("PIN")
        form.code.render_kw = {**(form.code.render_kw or {}), "inputmode": "numeric"}
    context = {
        "form": form,
        "ward": g.user_session.ward if g.user_session.ward_id is not None else None,
        "with_password": with_password,
    }
    if locked is not None:
        return _locked_out("auth/lock.html", locked, **context)
    return render_template("auth/lock.html", **context), status


@bp.get("/lock")
def lock():
    """Lock the screen (it may be locked from anywhere: that only ever takes access away),
    and show who may unlock it."""
    lock_tablet()
    if g.user_session is None:
        return redirect(url_for("auth.login"))
    return _render_lock(UnlockForm(formdata=None))


@bp.post("/lock")
def unlock_tablet():
    """Unlock with a PIN (or a password) of a member of the ward's staff; go to the ward."""
    if not g.tablet_locked:
        return redirect(url_for("dialogue.index" if g.user else "auth.login"), code=303)
    form = UnlockForm()
    form.user.choices = [SelectChoice(person.id, "") for person in unlock_candidates()]
    if form.validate_on_submit():
        user = User.get_by_id(form.user.data)
        try:
            method = attempt_unlock(user, form.code.data)
        except LockedOut as locked:
            return _render_lock(form, locked=locked)
        if method is not None:
            unlock(user, method)
            if g.user_session.ward_id is not None:
                return redirect(url_for("dialogue.ward", ward_id=g.user_session.ward_id), code=303)
            return redirect(url_for("dialogue.index"), code=303)
        form.code.errors.append(_("The PIN or password is wrong."))
    return _render_lock(form, status=422)


def _password_is_right(field) -> bool:
    """Check the signed-in user's own password, within the same limits as signing in."""
    if attempt_sign_in(g.user.username, field.data) is not None:
        return True
    field.errors.append(_("The password is wrong."))
    return False


@bp.route("/pin", methods=["GET", "POST"])
@require_role(Role.STAFF)
def pin():
    """Set or change the personal PIN that unlocks a ward tablet."""
    form, remove_form = PinForm(), RemovePinForm(formdata=None, prefix="remove")
    try:
        if form.validate_on_submit() and _password_is_right(form.password):
            User.update(pin_hash=hash_password(form.pin.data)).where(User.id == g.user.id).execute()
            record("pin_set", object_type="user", object_id=g.user.id)
            flash(_("Your PIN is saved. Use it to unlock a ward tablet."))
            return redirect(url_for("auth.pin"), code=303)
    except LockedOut as locked:
        return _locked_out("auth/pin.html", locked, form=form, remove_form=remove_form)
    status = 422 if form.errors else 200
    return render_template("auth/pin.html", form=form, remove_form=remove_form), status


@bp.post("/pin/remove")
@require_role(Role.STAFF)
def remove_pin():
    """Remove the personal PIN: the tablet then unlocks with the password only."""
    form, remove_form = PinForm(formdata=None), RemovePinForm(prefix="remove")
    try:
        if remove_form.validate_on_submit() and _password_is_right(remove_form.password):
            User.update(pin_hash=None).where(User.id == g.user.id).execute()
            record("pin_removed", object_type="user", object_id=g.user.id)
            flash(_("Your PIN is removed."))
            return redirect(url_for("auth.pin"), code=303)
    except LockedOut as locked:
        return _locked_out("auth/pin.html", locked, form=form, remove_form=remove_form)
    return render_template("auth/pin.html", form=form, remove_form=remove_form), 422
