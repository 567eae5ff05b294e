"""The audit log: read, filter and export. There is no route that edits or deletes it."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l

from ... import audit
from ...export.safety import neutralise
from ...forms.admin import AuditFilterForm
from ...models import AuditEvent
from . import ROLE, admin_only, bp

#: Rows shown on one page of the log.
PAGE_SIZE = 100

#: Plain words for the actions an admin reads most (others show their code).
ACTION_NAMES = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Failed sign-in"),
    "sign_out": _l("Signed out"),
    "view_resident_history": _l("Looked at the resident's history"),
    "print_resident_access": _l("Printed who looked at the resident's data"),
    "create_resident": _l("Added the resident"),
    "change_resident": _l("Changed the resident"),
    "erase_resident": _l("Erased the resident"),
    "create_user": _l("Created a user"),
    "change_user": _l("Changed a user"),
    "change_user_access": _l("Changed a user's roles, wards or grants"),
    "deactivate_user": _l("Deactivated a user"),
    "activate_user": _l("Activated a user"),
    "reset_password": _l("Set a new password"),
    "export_audit_log": _l("Exported the audit log"),
    "purge": _l("Purged data past the retention period"),
}

CSV_COLUMNS = ["id", "at_utc", "username", "role", "action", "object_type", "object_id",
               "resident_id", "detail"]


def action_name(action: str) -> str:
    """The action in plain words, or its code when it has none."""
    return str(ACTION_NAMES.get(action, action))


def _filtered(form: AuditFilterForm):
    """The events the filter asks for, newest first."""
    query = AuditEvent.select().order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if not form.validate():
        return query.where(AuditEvent.id < 0)  # a wrong filter shows nothing, not everything
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data.strip())
    if form.username.data:
        query = query.where(AuditEvent.username == form.username.data.strip().lower())
    if form.resident.data:
        query = query.where(AuditEvent.resident_id == int(form.resident.data))
    if form.since.data:
        query = query.where(AuditEvent.at >= dt.datetime.combine(form.since.data, dt.time()))
    if form.until.data:
        day_after = form.until.data + dt.timedelta(days=1)
        query = query.where(AuditEvent.at < dt.datetime.combine(day_after, dt.time()))
    return query


@bp.get("/audit")
@admin_only
def audit_log():
    """Read the audit trail, newest first, filtered by action, user, resident or dates."""
    form = AuditFilterForm(request.args)
    page = max(request.args.get("page", 1, type=int), 1)
    query = _filtered(form)
    events = list(query.paginate(page, PAGE_SIZE + 1))
    actions = [a for (a,) in AuditEvent.select(AuditEvent.action).distinct()
               .order_by(AuditEvent.action).tuples()]
    args = {k: v for k, v in request.args.items() if k != "page"}
    status = 400 if form.errors else 200
    return render_template("admin/audit.html", form=form, events=events[:PAGE_SIZE],
                           more=len(events) > PAGE_SIZE, page=page, args=args,
                           actions=actions, action_name=action_name), status


def audit_csv(events) -> str:
    """The events as CSV, every cell neutralised against spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        row = [event.id, event.at.isoformat(timespec="seconds"), event.username or "",
               event.role or "", event.action, event.object_type or "",
               "" if event.object_id is None else event.object_id,
               "" if event.resident_id is None else event.resident_id, event.detail or ""]
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()


@bp.get("/audit.csv")
@admin_only
def export_audit_log():
    """Download the filtered audit trail as CSV (the export itself is recorded)."""
    form = AuditFilterForm(request.args)
    query = _filtered(form)
    if form.errors:
        return Response("\n".join(f"{k}: {'; '.join(map(str, v))}" for k, v in form.errors.items()),
                        400, mimetype="text/plain")
    body = audit_csv(query)
    audit.record("export_audit_log", object_type="audit_log", role=ROLE,
                 detail={"rows": query.count(), **{k: v for k, v in request.args.items()}})
    stamp = dt.date.today().isoformat()
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'})
