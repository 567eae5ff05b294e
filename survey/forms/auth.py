"""Forms for signing in, unlocking a ward tablet and choosing a personal PIN."""

from itertools import pairwise

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, StringField, ValidationError
from wtforms.validators import DataRequired, EqualTo, Length

from ..auth import PIN_PATTERN
from .base import BaseForm

#: PINs anyone would try first are refused.
_EASY_PINS = {"1212", "6969", "2580", "0852", "121212"}


class LoginForm(BaseForm):
    username = StringField(
        _l("User name"), validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class UnlockForm(BaseForm):
    """Who is taking the tablet, and their PIN (or their password if they have none)."""

    user = RadioField(_l("Who are you?"), coerce=int,
                      validators=[DataRequired(_l("Choose your name."))])
    code = PasswordField(
        _l("PIN or password"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )


def _valid_pin(form, field) -> None:
    """A PIN is 4 to 6 digits, and not one anybody would try first."""
    pin = field.data or ""
    if PIN_PATTERN.fullmatch(pin) is None:
        raise ValidationError(_l("A PIN is 4 to 6 digits."))
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}) or pin in _EASY_PINS:
        raise ValidationError(_l("This PIN is too easy to guess. Choose another."))


class PinForm(BaseForm):
    """Set or change the personal PIN; the password proves it is really you."""

    password = PasswordField(
        _l("Your password"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    pin = PasswordField(
        _l("New PIN (4 to 6 digits)"),
        validators=[DataRequired(), _valid_pin],
        render_kw={"inputmode": "numeric", "autocomplete": "new-password", "maxlength": 6},
    )
    pin_again = PasswordField(
        _l("The new PIN again"),
        validators=[DataRequired(), EqualTo("pin", _l("The two PINs are not the same."))],
        render_kw={"inputmode": "numeric", "autocomplete": "new-password", "maxlength": 6},
    )


class RemovePinForm(BaseForm):
    """Remove the PIN: the tablet then unlocks with the password only."""

    password = PasswordField(
        _l("Your password"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
