"""CPR numbers: recognise one in text, so that none is ever stored.

Residents are pseudonymous labels; a CPR number in a label or in free text would make
the data identifiable. A CPR number is DDMMYY-SSSS: a date of birth and four digits,
the first of which tells the century. We look for ten digits (a dash or a space may
separate the date) that hold a real date. The modulus-11 check is not used: numbers
issued since 2007 often fail it. Replacement numbers (erstatningspersonnumre), whose
day is raised by 60, are recognised too.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext
from wtforms import Field, ValidationError

#: Ten digits not inside a longer number; one dash, en dash or space may follow the date.
_CANDIDATE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})[-\u2013 ]?(\d)\d{3}(?!\d)")

#: Replacement numbers add this to the day of birth.
_REPLACEMENT_DAY_OFFSET = 60


def _century(year: int, seventh_digit: int) -> int:
    """Return the century of a two-digit year, by the CPR register's rule."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year <= 36 else 1900
    return 2000 if year <= 57 else 1800


def _is_birth_date(day: int, month: int, year: int, seventh_digit: int) -> bool:
    if day > _REPLACEMENT_DAY_OFFSET:
        day -= _REPLACEMENT_DAY_OFFSET
    try:
        dt.date(_century(year, seventh_digit) + year, month, day)
    except ValueError:
        return False
    return True


def looks_like_cpr(text: str) -> bool:
    """Tell whether the text contains something that looks like a CPR number."""
    if not text:
        return False
    return any(
        _is_birth_date(int(day), int(month), int(year), int(seventh))
        for day, month, year, seventh in _CANDIDATE.findall(text)
    )


class NoCpr:
    """A WTForms validator that refuses text containing a CPR number."""

    def __init__(self, message: str | None = None):
        self.message = message

    def __call__(self, form, field: Field) -> None:
        if isinstance(field.data, str) and looks_like_cpr(field.data):
            raise ValidationError(self.message or gettext(
                "This looks like a CPR number. CPR numbers must not be written here: "
                "please remove it."
            ))
