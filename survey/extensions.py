"""Flask extensions as module-level singletons, initialised in create_app()."""

from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

babel = Babel()
csrf = CSRFProtect()
htmx = Htmx()
