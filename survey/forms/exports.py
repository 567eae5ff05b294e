"""The export form on the quality team's download page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..export.filters import FilterError, check_period
from .base import BaseForm

FORMAT_CHOICES = [
    SelectChoice("csv-wide", _l("Answers, one row per dialogue or questionnaire (CSV)")),
    SelectChoice("csv-long", _l("Answers, one row per answer (CSV)")),
    SelectChoice("xlsx", _l("Excel workbook: answers, codebook and indicators")),
    SelectChoice("indicators", _l("Indicators per ward, site and organisation (CSV)")),
    SelectChoice("codebook", _l("Codebook (CSV)")),
    SelectChoice("codebook-json", _l("Codebook (JSON)")),
    SelectChoice("datapackage", _l("Data package for analysis tools (zip of CSV files)")),
]

GRANULARITY_CHOICES = [SelectChoice("quarter", _l("Quarters")), SelectChoice("month", _l("Months"))]


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: easier to tap than a multiple select, no JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def a_period(form: BaseForm, field: StringField) -> None:
    """Accept a year, a quarter or a month, written as 2026, 2026-Q1 or 2026-03."""
    if not field.data:
        field.data = None
        return
    try:
        field.data = check_period(field.data)
    except FilterError as error:
        raise ValidationError(_l("Write a period as 2026, 2026-Q1 or 2026-03.")) from error


class ExportForm(BaseForm):
    export_format = RadioField(_l("What to download"), choices=FORMAT_CHOICES, default="csv-wide",
                               validators=[DataRequired()])
    questionnaire = SelectField(_l("Questionnaire"), validators=[DataRequired()])
    wards = CheckboxesField(_l("Wards (none ticked: every ward)"), coerce=int,
                            validators=[Optional()])
    period_from = StringField(_l("From period"), validators=[a_period],
                              render_kw={"placeholder": "2026-Q1"})
    period_to = StringField(_l("To period"), validators=[a_period],
                            render_kw={"placeholder": "2026-Q4"})
    granularity = SelectField(_l("Indicators per"), choices=GRANULARITY_CHOICES, default="quarter")
    include_free_text = BooleanField(_l("Include free-text answers (they can name people; "
                                        "recorded in the audit trail)"))

    def validate_period_to(self, field: StringField) -> None:
        from ..export.filters import ExportFilter

        if self.period_from.errors or field.errors or not (self.period_from.data and field.data):
            return
        try:
            ExportFilter(period_from=self.period_from.data, period_to=field.data)
        except FilterError as error:
            raise ValidationError(_l("The last period comes before the first.")) from error
