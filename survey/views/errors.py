"""Error pages: a clear message and the right status, never a stack trace."""

from flask import Flask, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from ..auth import load_user
from .rendering import redirect_to


def register(app: Flask) -> None:
    """Install the app's error handlers."""

    @app.errorhandler(CSRFError)
    def refused(error: CSRFError):
        load_user()  # the CSRF check runs before the user is loaded
        if g.user is None:
            target = url_for("auth.login", next=request.full_path.rstrip("?"))
            if request.endpoint == "dialogue.answer":
                target = url_for("auth.login", next=url_for(
                    "dialogue.item", **request.view_args))
            return redirect_to(target)
        if request.endpoint == "dialogue.answer":
            from .dialogue import refused_save

            return refused_save(**request.view_args)
        message = _("The page was open too long or came from elsewhere. Please try again.")
        return render_template("error.html", message=message), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", message=_("This page does not exist.")), 404

    @app.errorhandler(405)
    def wrong_method(error):
        return render_template("error.html", message=_("This action is not possible here.")), 405
