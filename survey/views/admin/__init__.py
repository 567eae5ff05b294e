"""The administrators' pages: sites, wards, users, residents, questionnaire versions and
the audit log. Only the admin role gets in; every change is written to the audit trail.

Plain forms and redirects: everything works without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from ... import models
from ...auth import require_role
from ...models import Resident, Role, Site, User, Ward

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Every view of this blueprint is wrapped in this: signed in, holding the admin role.
admin_only = require_role(Role.ADMIN)
#: The role changes are recorded in.
ROLE = Role.ADMIN.value


ROLE_NAMES = {Role.STAFF.value: _l("staff"), Role.QUALITY.value: _l("quality team"),
              Role.ADMIN.value: _l("administrator")}


@bp.context_processor
def _helpers() -> dict:
    from .audit_log import action_name

    def role_name(role: str | None) -> str:
        return str(ROLE_NAMES.get(role, role)) if role else "–"

    return {"role_name": role_name, "action_name": action_name, "now": models.utcnow()}


@bp.after_request
def _not_kept(response):
    """Admin pages list residents and users: browsers and proxies must not keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@admin_only
def index():
    """Show what an administrator looks after, with counts."""
    counts = {"sites": Site.select().count(), "wards": Ward.select().count(),
              "users": User.select().where(User.active == True).count(),  # noqa: E712
              "residents": Resident.select().where(Resident.erased_at.is_null()).count()}
    return render_template("admin/index.html", counts=counts)


# The views live in modules by subject; importing them adds their routes to ``bp``.
from . import audit_log, places, residents, users  # noqa: E402, F401
