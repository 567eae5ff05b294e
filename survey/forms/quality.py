"""Forms of the quality pages: filters (read from the query string), changes, baselines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .base import BaseForm

GRANULARITIES = [SelectChoice("month", _l("Months")), SelectChoice("quarter", _l("Quarters"))]

SERIES = {
    "resident": _l("The residents themselves"),
    "proxy": _l("Relatives or staff for the resident"),
    "relative": _l("Relatives"),
    "staff": _l("Staff"),
}

GROUPS = [
    SelectChoice("headline", _l("Main indicators")),
    SelectChoice("themes", _l("Quality compass: themes")),
    SelectChoice("markers", _l("Quality compass: markers")),
    SelectChoice("process", _l("Dialogues: coverage and follow-up")),
]


class FilterForm(BaseForm):
    """A filter read from the query string: a wrong or stale value falls back to the default."""

    def settle(self, *names: str) -> FilterForm:
        """Replace each value that is not one of its field's choices by the default.

        Only the named fields, or every select field with choices when none is named.
        """
        for field in self:
            if not isinstance(field, SelectField) or not field.choices:
                continue
            if names and field.name not in names:
                continue
            values = [field.coerce(choice.value) for choice in field._choices_from_input(field.choices)]
            if field.data not in values:
                field.data = field.default if field.default in values else values[0]
        return self


class DashboardForm(FilterForm):
    questionnaire = SelectField(_l("Questionnaire"))
    ward = SelectField(_l("Ward"), coerce=int)
    granularity = SelectField(_l("Each point is"), choices=GRANULARITIES, default="month")
    series = SelectField(_l("Answers from"), default="resident")
    group = SelectField(_l("Indicators"), choices=GROUPS, default="headline")


class ComparisonForm(FilterForm):
    questionnaire = SelectField(_l("Questionnaire"))
    granularity = SelectField(_l("Period length"), choices=GRANULARITIES, default="quarter")
    period = SelectField(_l("Period"))
    series = SelectField(_l("Answers from"), default="resident")
    group = SelectField(_l("Indicators"), choices=GROUPS, default="headline")


class ReportForm(FilterForm):
    ward = SelectField(_l("Ward"), coerce=int)
    questionnaire = SelectField(_l("Questionnaire"))
    period = SelectField(_l("Quarter"))


def no_control_characters(form, field) -> None:
    """Refuse invisible control characters (a pasted NUL cannot even be stored)."""
    text = field.data or ""
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text):
        raise ValidationError(_l("Remove the invisible control characters from the text."))


class AnnotationForm(BaseForm):
    """A change (a PDSA cycle) started on the ward: it shows on the ward's charts."""

    # InputRequired, not DataRequired: a date that does not exist (30 February) is told
    # as such, not as a missing one.
    started_on = DateField(_l("Started on"), validators=[InputRequired()])
    title = StringField(_l("What changed"),
                        validators=[DataRequired(), Length(max=120), no_control_characters])
    note = TextAreaField(_l("Note (optional)"),
                         validators=[Optional(), Length(max=2000), no_control_characters])


class BaselineForm(BaseForm):
    """Freeze a chart's median on its points up to a period."""

    questionnaire = HiddenField(validators=[DataRequired()])
    indicator = HiddenField(validators=[DataRequired(), Length(max=120)])
    frozen_through = SelectField(_l("Baseline up to and including"))
