"""The base form every form in the app derives from."""

from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    """A form whose CSRF token is checked app-wide by CSRFProtect, for htmx requests too.

    Templates put the token in with the ``csrf_field()`` macro.
    """

    class Meta:
        csrf = False
