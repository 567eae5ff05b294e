"""Sites and wards (created and renamed, never deleted: answers point at them), and the
questionnaire versions in the database (read only: they come from the files)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from peewee import IntegrityError, fn
from wtforms import SelectChoice

from ... import audit
from ...db import db
from ...forms.admin import SiteForm, WardForm
from ...forms.base import BaseForm
from ...models import Questionnaire, Response, Site, Ward
from ...questionnaire.store import definition_of
from . import ROLE, admin_only, bp


def all_wards() -> list[Ward]:
    """Every ward with its site, by site and name."""
    return list(Ward.select(Ward, Site).join(Site).order_by(Site.name, Ward.name))


def ward_choices() -> list[SelectChoice]:
    """The wards as choices grouped by site."""
    return [SelectChoice(ward.id, ward.name, optgroup=ward.site.name) for ward in all_wards()]


def _site_choices() -> list[SelectChoice]:
    return [SelectChoice(site.id, site.name) for site in Site.select().order_by(Site.name)]


def _page(status: int = 200, site_form: SiteForm | None = None,
          ward_form: WardForm | None = None, renamed: BaseForm | None = None):
    """The sites-and-wards page; a refused form shows again with its errors (a refused
    rename above the tables, so the forms for adding stay empty)."""
    site_form = site_form or SiteForm(formdata=None)
    ward_form = ward_form or WardForm(formdata=None)
    ward_form.site.choices = _site_choices()
    sites = list(Site.select().order_by(Site.name))
    return render_template("admin/sites.html", sites=sites, wards=all_wards(),
                           site_form=site_form, ward_form=ward_form, renamed=renamed), status


@bp.get("/sites")
@admin_only
def sites():
    """List sites and wards, with forms to add and rename them."""
    return _page()


def _refused(status: int, form: BaseForm, is_new: bool, kind: str):
    if is_new:
        return _page(status, **{f"{kind}_form": form})
    return _page(status, renamed=form)


def _save_site(form: SiteForm, site: Site | None):
    if not form.validate():
        return _refused(422, form, site is None, "site")
    name = form.name.data.strip()
    is_new = site is None
    try:
        with db.atomic():
            if site is None:
                site = Site.create(name=name)
                audit.record("create_site", object_type="site", object_id=site.id, role=ROLE,
                             detail={"name": name})
            else:
                before, site.name = site.name, name
                site.save()
                audit.record("rename_site", object_type="site", object_id=site.id, role=ROLE,
                             detail={"before": before, "after": name})
    except IntegrityError:
        form.name.errors = [_("There is already a site with this name.")]
        return _refused(409, form, is_new, "site")
    flash(_("The site is saved."))
    return redirect(url_for("admin.sites"), code=303)


@bp.post("/sites")
@admin_only
def create_site():
    """Add a site."""
    return _save_site(SiteForm(), None)


@bp.post("/sites/<int:site_id>")
@admin_only
def rename_site(site_id: int):
    """Rename a site."""
    site = Site.get_or_none(Site.id == site_id) or abort(404)
    return _save_site(SiteForm(), site)


def _save_ward(form: WardForm, ward: Ward | None):
    form.site.choices = _site_choices()
    if not form.validate():
        return _refused(422, form, ward is None, "ward")
    name = form.name.data.strip()
    is_new = ward is None
    try:
        with db.atomic():
            if ward is None:
                ward = Ward.create(site=form.site.data, name=name)
                audit.record("create_ward", object_type="ward", object_id=ward.id, role=ROLE,
                             detail={"name": name, "site": form.site.data})
            else:
                before = {"name": ward.name, "site": ward.site_id}
                ward.name, ward.site = name, form.site.data
                ward.save()
                audit.record("change_ward", object_type="ward", object_id=ward.id, role=ROLE,
                             detail={"before": before, "after": {"name": name,
                                                                 "site": form.site.data}})
    except IntegrityError:
        form.name.errors = [_("The site has a ward with this name already.")]
        return _refused(409, form, is_new, "ward")
    flash(_("The ward is saved."))
    return redirect(url_for("admin.sites"), code=303)


@bp.post("/wards")
@admin_only
def create_ward():
    """Add a ward to a site."""
    return _save_ward(WardForm(), None)


@bp.post("/wards/<int:ward_id>")
@admin_only
def change_ward(ward_id: int):
    """Rename a ward or move it to another site."""
    ward = Ward.get_or_none(Ward.id == ward_id) or abort(404)
    return _save_ward(WardForm(), ward)


@bp.get("/questionnaires")
@admin_only
def questionnaires():
    """List every questionnaire version in the database, and how many responses each has."""
    counts = dict(Response.select(Response.questionnaire, fn.COUNT(Response.id))
                  .group_by(Response.questionnaire).tuples())
    language = get_locale().language
    versions = [(q, definition_of(q).title(language), counts.get(q.id, 0))
                for q in Questionnaire.select().order_by(Questionnaire.code,
                                                         Questionnaire.version.desc())]
    return render_template("admin/questionnaires.html", versions=versions)
