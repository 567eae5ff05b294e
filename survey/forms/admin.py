"""Forms of the admin pages: sites, wards, users, residents, the audit log's filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..cpr import NoCpr
from ..models import Role
from ..users import MIN_PASSWORD_LENGTH
from .base import BaseForm

ROLE_NAMES = {
    Role.STAFF.value: _l("Staff: dialogues on their own wards"),
    Role.QUALITY.value: _l("Quality team: dashboards and exports for all wards"),
    Role.ADMIN.value: _l("Administrator: sites, wards, users, residents, audit log"),
}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript, unlike a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SiteForm(BaseForm):
    name = StringField(_l("Name of the site"), validators=[DataRequired(), Length(max=120), NoCpr()])


class WardForm(BaseForm):
    site = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Name of the ward"), validators=[DataRequired(), Length(max=120), NoCpr()])


class UserForm(BaseForm):
    """A user's name, roles, wards and grants (the user name is set when created)."""

    display_name = StringField(_l("Name shown in the app"),
                               validators=[DataRequired(), Length(max=120), NoCpr()])
    roles = CheckboxesField(_l("Roles"), choices=[SelectChoice(k, v) for k, v in ROLE_NAMES.items()],
                            validators=[DataRequired(_l("Choose at least one role."))])
    wards = CheckboxesField(_l("Wards (staff hold dialogues on these)"), coerce=int)
    can_read_free_text = BooleanField(_l("May read free text in exports (quality team)"))

    def validate_roles(self, field) -> None:
        if any(role not in ROLE_NAMES for role in field.data or ()):
            raise ValidationError(_l("Unknown role."))


class NewUserForm(UserForm):
    username = StringField(_l("User name"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, digits, dots, dashes only."))])
    password = PasswordField(_l("First password"), validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH,
                               message=_l("At least %(count)s characters.",
                                          count=MIN_PASSWORD_LENGTH))])


class EditUserForm(UserForm):
    new_password = PasswordField(
        _l("New password (leave empty to keep the present one)"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH,
                                       message=_l("At least %(count)s characters.",
                                                  count=MIN_PASSWORD_LENGTH))])


class ResidentForm(BaseForm):
    """A resident is a pseudonymous label chosen by the ward: never a CPR number."""

    ward = SelectField(_l("Ward"), coerce=int, validators=[DataRequired()])
    label = StringField(_l("Label (room and first name, never a CPR number)"),
                        validators=[DataRequired(), Length(max=80), NoCpr()])
    admitted_on = DateField(_l("Moved in on (optional)"), validators=[Optional()])
    discharged_on = DateField(_l("Moved out on (optional)"), validators=[Optional()])

    def validate_discharged_on(self, field) -> None:
        if field.data and self.admitted_on.data and field.data < self.admitted_on.data:
            raise ValidationError(_l("Moving out cannot come before moving in."))


class EraseForm(BaseForm):
    """Erasure cannot be undone: the admin ticks a box that says so."""

    confirm = BooleanField(_l("I understand that the label, free text and agreed actions of "
                              "this resident are removed for good."),
                           validators=[DataRequired(_l("Tick the box to confirm."))])


class AuditFilterForm(BaseForm):
    """The audit log's filter, read from the query string."""

    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), Length(max=40)])
    username = StringField(_l("User name"), validators=[Optional(), Length(max=80)])
    resident = StringField(_l("Resident id"), validators=[
        Optional(), Regexp(r"^[0-9]{1,9}$", message=_l("A number."))])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
