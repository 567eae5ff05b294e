"""Error pages: a clear message and the right status, never a stack trace."""

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from peewee import OperationalError
from werkzeug.exceptions import HTTPException

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

            try:
                return refused_save(**request.view_args)
            except HTTPException as error:  # no such dialogue or item: its own page, not a 500
                return app.handle_http_exception(error)
        message = _("The page was open too long or came from elsewhere. Please try again.")
        return render_template("error.html", message=message), 400

    @app.errorhandler(403)
    def forbidden(error):
        message = _("You do not have access to this page. Ask an administrator if you need it.")
        return render_template("error.html", message=message), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", message=_("This page does not exist.")), 404

    @app.errorhandler(405)
    def wrong_method(error):
        return render_template("error.html", message=_("This action is not possible here.")), 405

    @app.errorhandler(OperationalError)
    def database_trouble(error: OperationalError):
        return _database_trouble(error)


#: What SQLite and PostgreSQL say when the disk is full.
_DISK_FULL = ("database or disk is full", "no space left on device", "disk full")


def _database_trouble(error: OperationalError):
    """A full disk or a busy database: say what happened; the transaction was rolled back."""
    # SQLite rolls back by itself when COMMIT fails on a full disk; Peewee's own ROLLBACK
    # then fails too, so the cause may sit further down the chain.
    text, cause, depth = "", error, 0
    while cause is not None and depth < 10:
        depth += 1
        text += str(cause).lower() + "\n"
        cause = cause.__cause__ or cause.__context__
    if any(phrase in text for phrase in _DISK_FULL):
        # One line in the log, no traceback: the operator needs to free space, not debug.
        current_app.logger.error("Database write refused, the disk is full: %s", error)
        message = _("The server's disk is full, so this was not saved. Everything saved before "
                    "is safe. Please tell your IT support.")
        return _plain_error_page(message, 507)
    if "database is locked" in text:
        current_app.logger.error("The database stayed locked: %s", error)
        reply = _plain_error_page(_("The server is busy. Please try again in a moment."), 503)
        reply[0].headers["Retry-After"] = "2"
        return reply
    current_app.logger.exception("Database error")
    return _plain_error_page(_("Something went wrong. Nothing was saved. Please try again."), 500)


def _plain_error_page(message: str, status: int):
    # The error page needs no database; if even it fails, a line of text is still clear.
    try:
        return current_app.make_response(render_template("error.html", message=message)), status
    except Exception:
        return current_app.make_response((message, {"Content-Type": "text/plain; charset=utf-8"})), status
