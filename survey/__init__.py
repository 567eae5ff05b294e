"""survey: easy-language dialogues with people in care, and the quality data they become."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, session
from flask_babel import get_locale

from . import config, db


def select_locale() -> str:
    """Pick the interface language: the one chosen in this session, else the browser's."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("ui_language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: settings, database, questionnaires, extensions, views, commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["STARTUP_CHECKS"]:
        # A serving app signs sessions with the key; commands that only read files (check
        # questionnaires) run without one, and those that derive with it ask for it then.
        config.refuse_default_secret_key(app)

    from .extensions import babel, csrf, htmx

    db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    from . import languages

    languages.init_app(app)
    from . import assets

    assets.init_app(app)
    from .views import question_parts

    question_parts.init_app(app)

    from . import auth, security, startup
    from .views import auth as auth_views
    from .views import dialogue, errors, health, quality, questionnaires, residents, settings

    security.init_app(app)
    app.before_request(auth.load_user)
    from .views import relatives, waves

    for blueprint in (auth_views.bp, dialogue.bp, health.bp, quality.bp, questionnaires.bp,
                      residents.bp, settings.bp, relatives.bp, waves.bp):
        app.register_blueprint(blueprint)
    from .views import admin

    app.register_blueprint(admin.bp)
    from .views import exports

    app.register_blueprint(exports.bp)
    errors.register(app)

    from .cli import register_commands

    register_commands(app)
    if app.config["STARTUP_CHECKS"]:
        startup.check(app)
    return app
