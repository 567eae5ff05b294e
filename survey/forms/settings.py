"""The interface language switch."""

from wtforms import HiddenField

from .base import BaseForm


class LanguageForm(BaseForm):
    language = HiddenField()
    next = HiddenField()
