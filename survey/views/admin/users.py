"""Users: create, change roles, wards and the free-text grant, deactivate, reset a password.

A user can hold several roles. Every change is recorded with what it was before and
after (never a password). An administrator cannot take away their own admin role or
deactivate themselves, so the app always keeps someone who can administer it.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import audit, models
from ...auth import hash_password
from ...db import db
from ...forms.admin import EditUserForm, NewUserForm
from ...models import Role, User, UserSession, UserWard
from ...users import UserError, create_user
from . import ROLE, admin_only, bp
from .places import ward_choices


def _state(user: User) -> dict:
    """What an audit record says a user was like (no secrets)."""
    return {"roles": sorted(user.roles.split()), "wards": sorted(w.id for w in user.wards()),
            "can_read_free_text": user.can_read_free_text, "active": user.active,
            "display_name": user.display_name}


@bp.get("/users")
@admin_only
def users():
    """List users with their roles, wards and whether they can sign in."""
    people = list(User.select().order_by(User.active.desc(), User.username))
    return render_template("admin/users.html", people=people)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    """Create a user with roles, wards and a first password."""
    form = NewUserForm()
    form.wards.choices = ward_choices()
    if form.validate_on_submit():
        try:
            with db.atomic():
                user = create_user(form.username.data, form.display_name.data.strip(),
                                   form.password.data, form.roles.data, form.wards.data or [])
                if form.can_read_free_text.data:
                    user.can_read_free_text = True
                    user.save()
                audit.record("create_user", object_type="user", object_id=user.id, role=ROLE,
                             detail={"username": user.username, **_state(user)})
        except UserError as error:
            form.username.errors.append(str(error))
        else:
            flash(_("The user %(name)s is created.", name=user.username))
            return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_new.html", form=form), 422 if form.errors else 200


def _refuse_self_lockout(user: User, roles: list[str]) -> str | None:
    if user.id == g.user.id and Role.ADMIN.value not in roles:
        return _("You cannot take away your own admin role: ask another administrator.")
    return None


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    """Change a user's name, roles, wards, free-text grant or password."""
    user = User.get_or_none(User.id == user_id) or abort(404)
    shown = {"display_name": user.display_name, "roles": user.roles.split(),
             "wards": [ward.id for ward in user.wards()],
             "can_read_free_text": user.can_read_free_text}
    form = EditUserForm(data=shown) if request.method == "GET" else EditUserForm()
    form.wards.choices = ward_choices()
    if form.validate_on_submit():
        problem = _refuse_self_lockout(user, form.roles.data)
        if problem:
            form.roles.errors = [problem]
        else:
            _save(user, form)
            flash(_("The changes to %(name)s are saved.", name=user.username))
            return redirect(url_for("admin.users"), code=303)
    return (render_template("admin/user_edit.html", form=form, person=user),
            422 if form.errors else 200)


def _save(user: User, form: EditUserForm) -> None:
    """Write the form to the user and record before and after in the trail."""
    with db.atomic():
        before = _state(user)
        user.display_name = form.display_name.data.strip()
        user.roles = " ".join(sorted(set(form.roles.data)))
        user.can_read_free_text = bool(form.can_read_free_text.data)
        if form.new_password.data:
            user.password_hash = hash_password(form.new_password.data)
        user.save()
        UserWard.delete().where(UserWard.user == user).execute()
        for ward_id in sorted(set(form.wards.data or [])):
            UserWard.create(user=user, ward=ward_id)
        after = _state(user)
        changes = {key: {"before": before[key], "after": after[key]}
                   for key in before if before[key] != after[key]}
        if changes.keys() & {"roles", "wards", "can_read_free_text"}:
            audit.record("change_user_access", object_type="user", object_id=user.id,
                         role=ROLE, detail={"username": user.username, **changes})
        elif changes:
            audit.record("change_user", object_type="user", object_id=user.id, role=ROLE,
                         detail={"username": user.username, **changes})
        if form.new_password.data:
            audit.record("reset_password", object_type="user", object_id=user.id, role=ROLE,
                         detail={"username": user.username})
            _end_sessions(user)


def _end_sessions(user: User) -> None:
    """Sign the user out everywhere (after deactivation or a new password)."""
    (UserSession.update(ended_at=models.utcnow())
     .where(UserSession.user == user, UserSession.ended_at.is_null()).execute())


@bp.post("/users/<int:user_id>/deactivate")
@admin_only
def deactivate_user(user_id: int):
    """Stop a user from signing in (their history stays); sign them out everywhere."""
    user = User.get_or_none(User.id == user_id) or abort(404)
    if user.id == g.user.id:
        flash(_("You cannot deactivate yourself: ask another administrator."))
        return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    with db.atomic():
        user.active = False
        user.save()
        _end_sessions(user)
        audit.record("deactivate_user", object_type="user", object_id=user.id, role=ROLE,
                     detail={"username": user.username})
    flash(_("%(name)s can no longer sign in.", name=user.username))
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/activate")
@admin_only
def activate_user(user_id: int):
    """Let a deactivated user sign in again."""
    user = User.get_or_none(User.id == user_id) or abort(404)
    with db.atomic():
        user.active = True
        user.save()
        audit.record("activate_user", object_type="user", object_id=user.id, role=ROLE,
                     detail={"username": user.username})
    flash(_("%(name)s can sign in again.", name=user.username))
    return redirect(url_for("admin.users"), code=303)
