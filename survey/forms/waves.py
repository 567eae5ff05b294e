"""Forms of the quality team's invitation waves."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from ..questionnaire.items import MultiCheckboxField
from ..relatives.waves import MAX_LETTERS_PER_WARD, posters_only
from .base import BaseForm


class WaveForm(BaseForm):
    questionnaire = RadioField(_l("Questionnaire"), validators=[DataRequired()])
    title = StringField(_l("Name of the wave"), validators=[DataRequired(), Length(max=120)],
                        description=_l("For example: Relatives, spring 2026"))
    wards = MultiCheckboxField(_l("Wards"), coerce=int,
                               validators=[DataRequired(_l("Choose at least one ward."))])
    letters_per_ward = IntegerField(
        _l("Letters per ward"), default=10,
        validators=[NumberRange(min=0, max=MAX_LETTERS_PER_WARD)],
        description=_l("One letter per relative. Each letter has its own link."))
    posters = BooleanField(_l("Also make one open poster per ward"), default=True,
                           description=_l("Anyone may answer through a poster; its answers are "
                                          "counted apart and have no response rate."))
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    closes_on = DateField(_l("Closes on"), validators=[DataRequired()])

    def validate_closes_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must not be before the opening date."))

    def validate_letters_per_ward(self, field) -> None:
        if field.data and self.questionnaire.data and posters_only(self.questionnaire.data):
            raise ValidationError(_l("This questionnaire is answered through the ward posters "
                                     "only, with no letters: set the letters per ward to 0."))
        if not field.data and not self.posters.data:
            raise ValidationError(_l("Make at least one letter per ward, or the posters."))
