"""Residents: pseudonymous labels per ward, who looked at a resident's data (printable),
and erasure on the resident's request."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from peewee import JOIN, IntegrityError

from ... import audit
from ...db import db
from ...forms.admin import EraseForm, ResidentForm
from ...models import AuditEvent, Resident, Response, Site, User, Ward
from ...retention import erase_resident
from . import ROLE, admin_only, bp
from .places import all_wards, ward_choices


def _resident_or_404(resident_id: int) -> Resident:
    return (Resident.select(Resident, Ward, Site).join(Ward).join(Site)
            .where(Resident.id == resident_id).get_or_none()) or abort(404)


@bp.get("/residents")
@admin_only
def residents():
    """List the residents of one ward (or all), living there or moved out."""
    ward_id = request.args.get("ward", type=int)
    query = (Resident.select(Resident, Ward, Site).join(Ward).join(Site)
             .order_by(Site.name, Ward.name, Resident.label))
    if ward_id:
        query = query.where(Resident.ward == ward_id)
    return render_template("admin/residents.html", people=list(query), wards=all_wards(),
                           ward_id=ward_id)


def _state(resident: Resident) -> dict:
    # Labels are not written to the trail: it outlives an erasure.
    return {"ward": resident.ward_id, "admitted_on": str(resident.admitted_on or ""),
            "discharged_on": str(resident.discharged_on or "")}


def _save(form: ResidentForm, resident: Resident | None) -> Resident | None:
    """Create or change the resident; None (with the form's error) if the label is taken."""
    try:
        with db.atomic():
            if resident is None:
                resident = Resident.create(ward=form.ward.data, label=form.label.data.strip(),
                                           admitted_on=form.admitted_on.data,
                                           discharged_on=form.discharged_on.data)
                audit.record("create_resident", object_type="resident", object_id=resident.id,
                             resident_id=resident.id, role=ROLE, detail=_state(resident))
                return resident
            before = _state(resident)
            relabelled = resident.label != form.label.data.strip()
            resident.ward = form.ward.data
            resident.label = form.label.data.strip()
            resident.admitted_on = form.admitted_on.data
            resident.discharged_on = form.discharged_on.data
            resident.save()
            audit.record("change_resident", object_type="resident", object_id=resident.id,
                         resident_id=resident.id, role=ROLE,
                         detail={"before": before, "after": _state(resident),
                                 "label_changed": relabelled})
            return resident
    except IntegrityError:
        form.label.errors = [_("Another resident on this ward has this label.")]
        return None


@bp.route("/residents/new", methods=["GET", "POST"])
@admin_only
def new_resident():
    """Add a resident to a ward."""
    form = ResidentForm()
    form.ward.choices = ward_choices()
    if request.method == "GET" and request.args.get("ward", type=int):
        form.ward.data = request.args.get("ward", type=int)
    if form.validate_on_submit() and _save(form, None):
        flash(_("The resident is added."))
        return redirect(url_for("admin.residents", ward=form.ward.data), code=303)
    return (render_template("admin/resident_form.html", form=form, person=None),
            422 if form.errors else 200)


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@admin_only
def edit_resident(resident_id: int):
    """Change a resident's label, ward or dates (not once erased)."""
    resident = _resident_or_404(resident_id)
    if resident.erased_at is not None:
        if request.method == "POST":
            abort(409)
        return render_template("admin/resident_form.html", form=None, person=resident)
    shown = {"ward": resident.ward_id, "label": resident.label,
             "admitted_on": resident.admitted_on, "discharged_on": resident.discharged_on}
    form = ResidentForm(data=shown) if request.method == "GET" else ResidentForm()
    form.ward.choices = ward_choices()
    if form.validate_on_submit() and _save(form, resident):
        flash(_("The changes are saved."))
        return redirect(url_for("admin.residents", ward=resident.ward_id), code=303)
    return (render_template("admin/resident_form.html", form=form, person=resident),
            422 if form.errors else 200)


@bp.get("/residents/<int:resident_id>/access")
@admin_only
def access_report(resident_id: int):
    """Print who looked at or changed the resident's data, when and in which role."""
    resident = _resident_or_404(resident_id)
    events = list(AuditEvent.select(AuditEvent, User)
                  .join(User, JOIN.LEFT_OUTER, on=(AuditEvent.user == User.id))
                  .where(AuditEvent.resident_id == resident.id)
                  .order_by(AuditEvent.at, AuditEvent.id))
    # Staff who held a dialogue saw the resident's answers too.
    dialogues = list(Response.select(Response, User)
                     .join(User, JOIN.LEFT_OUTER, on=(Response.staff == User.id))
                     .where(Response.resident == resident.id)
                     .order_by(Response.started_at, Response.id))
    # Printing it is an access too: the next report shows it.
    audit.record("print_resident_access", object_type="resident", object_id=resident.id,
                 resident_id=resident.id, role=ROLE)
    return render_template("admin/access_report.html", resident=resident, events=events,
                           dialogues=dialogues)


@bp.route("/residents/<int:resident_id>/erase", methods=["GET", "POST"])
@admin_only
def erase(resident_id: int):
    """Erase the resident on request: label, free text and agreed actions' text."""
    resident = _resident_or_404(resident_id)
    if resident.erased_at is not None:
        flash(_("This resident is erased already."))
        return redirect(url_for("admin.residents", ward=resident.ward_id), code=303)
    form = EraseForm()
    if form.validate_on_submit():
        erase_resident(resident, "request", role=ROLE)
        flash(_("The resident is erased. The anonymous answers stay for the indicators."))
        return redirect(url_for("admin.residents", ward=resident.ward_id), code=303)
    return (render_template("admin/erase.html", form=form, person=resident),
            422 if form.errors else 200)
