"""The `survey` command (also `flask --app survey`): setup, data and maintenance."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .db import db


def _cli_app() -> Flask:
    # Commands run before the database exists or while files are being fixed, so the
    # start-up checks are theirs to make, not the factory's.
    from . import create_app

    return create_app({"STARTUP_CHECKS": False})


@click.group(cls=FlaskGroup, create_app=_cli_app, add_default_commands=False)
def main() -> None:
    """Manage the survey app: database, questionnaires, users, exports."""


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Apply pending schema migrations and load the questionnaire files."""
    from .migrate import apply_migrations
    from .questionnaire.store import load_checked, sync

    definitions = load_checked(current_app.config["QUESTIONNAIRE_DIR"])
    with db.connection_context():
        applied = apply_migrations()
        stored = sync(definitions)
    for name in applied:
        click.echo(f"applied {name}")
    for questionnaire in stored:
        click.echo(f"questionnaire {questionnaire.code} version {questionnaire.version}")


@click.command("check-questionnaires")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@with_appcontext
def check_questionnaires_command(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files (default: the shipped ones); one line per problem.

    Easy-language warnings (LIX, long or negated questions) are printed as
    ``file:item:field: warning: ...`` lines; only problems make the command fail.
    """
    from .questionnaire.format import check_all, questionnaire_files

    targets = list(paths) or [Path(current_app.config["QUESTIONNAIRE_DIR"])]
    _definitions, problems, warnings = check_all(targets)
    for line in [*problems, *warnings]:
        click.echo(str(line))
    if problems:
        sys.exit(1)
    advice = f", {len(warnings)} warning(s)" if warnings else ""
    click.echo(f"{len(questionnaire_files(targets))} file(s) checked, no problems{advice}")


@click.command("codebook")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("docs/codebook"), show_default=True,
              help="Folder to write one <code>.md per questionnaire into.")
@with_appcontext
def codebook_command(out_dir: Path) -> None:
    """Write the codebook of every shipped questionnaire as Markdown, with its LIX."""
    from .questionnaire.codebook import write_markdown
    from .questionnaire.store import InvalidQuestionnaires, load_checked

    try:
        definitions = load_checked(current_app.config["QUESTIONNAIRE_DIR"])
    except InvalidQuestionnaires as error:
        raise click.ClickException(f"fix the questionnaire files first:\n{error}") from error
    for path, book in write_markdown(definitions, out_dir):
        readability = book["readability"]
        limit = f", at most {readability['limit']}" if readability["limit"] else ""
        click.echo(f"wrote {path} (LIX {readability['lix']}{limit})")


@click.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", help="The name shown in the app.")
@click.option("--role", "roles", multiple=True, default=["staff"], show_default=True,
              type=click.Choice(["staff", "quality", "admin"]))
@click.option("--ward", "ward_ids", multiple=True, type=int, help="Ward id (repeatable).")
@click.password_option()
@with_appcontext
def create_user_command(username, display_name, roles, ward_ids, password) -> None:
    """Create a member of staff who can sign in."""
    from .users import UserError, create_user

    with db.connection_context():
        try:
            user = create_user(username, display_name or username, password, roles, ward_ids)
        except UserError as error:
            raise click.ClickException(str(error)) from error
        from .audit import record

        record("create_user", object_type="user", object_id=user.id, detail={
            "username": user.username, "roles": user.roles.split(),
            "wards": sorted(ward_ids), "via": "command line"})
    click.echo(f"created {user.username} ({user.roles})")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Add demo sites, wards, staff, residents and dialogues; print the demo logins."""
    from .demo import DEMO_LOGINS, load_demo

    with db.connection_context():
        created = load_demo()
    click.echo("demo data loaded" if created else "demo data already there")
    click.echo("Demo logins (user name / password):")
    for username, password, description in DEMO_LOGINS:
        click.echo(f"  {username} / {password}  {description}")
    from .relatives.demo import unused_links

    with db.connection_context():
        links = unused_links()
    if links:
        click.echo("Relatives' survey: unused letters to try on a phone (one answer each):")
        for link in links:
            click.echo(f"  {link}")


EXPORT_FORMATS = ["csv-long", "csv-wide", "codebook", "codebook-json", "indicators", "xlsx",
                  "datapackage"]


@click.command("export")
@click.argument("export_format", metavar="FORMAT", required=False,
                type=click.Choice(EXPORT_FORMATS))
@click.option("--format", "format_option", type=click.Choice(EXPORT_FORMATS), hidden=True,
              help="The format, as an option (older scripts).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write ('-' for standard output).")
@click.option("--user", "username", required=True,
              help="The quality-team member the export is made for (checked and audited).")
@click.option("--questionnaire", "questionnaire_code", help="Only this questionnaire code.")
@click.option("--ward", "ward_ids", multiple=True, type=int, help="Only this ward id (repeatable).")
@click.option("--from", "period_from", help="First period: 2026, 2026-Q1 or 2026-03.")
@click.option("--to", "period_to", help="Last period: 2026, 2026-Q4 or 2026-12.")
@click.option("--granularity", type=click.Choice(["month", "quarter"]), default="quarter",
              show_default=True, help="Period length of the indicators.")
@click.option("--include-free-text", is_flag=True,
              help="Also export free-text answers (needs the right; flagged in the audit trail).")
@with_appcontext
def export_command(export_format, format_option, out_path, username, questionnaire_code, ward_ids,
                   period_from, period_to, granularity, include_free_text) -> None:
    """Export answers, codebook or indicators: FORMAT is one of csv-long, csv-wide, codebook,
    codebook-json, indicators, xlsx, datapackage."""
    from .export.command import make_filter, run_export

    export_filter = make_filter(questionnaire_code, ward_ids, period_from, period_to, granularity,
                                include_free_text)
    count = run_export(export_format or format_option or "csv-long", out_path, username,
                       export_filter)
    click.echo(f"{count} row(s) written", err=True)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent copy of the SQLite database while the app serves."""
    from .backup import BackupError, backup

    try:
        backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {target}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Put a backup back in place of the database (stop the app first)."""
    from .backup import BackupError, restore

    if not yes:
        click.confirm("This replaces every answer in the database with the backup's. Go on?",
                      abort=True)
    try:
        restore(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored from {source}")


@click.command("purge")
@click.option("--days", type=int, default=None,
              help="Days after discharge to keep (default: the RETENTION_DAYS setting).")
@click.option("--dry-run", is_flag=True, help="Only count the residents that would be erased.")
@with_appcontext
def purge_command(days: int | None, dry_run: bool) -> None:
    """Remove what identifies residents discharged longer ago than the retention period."""
    from .retention import purge, retention_days

    with db.connection_context():
        done = purge(days=days, dry_run=dry_run)
    kept = retention_days() if days is None else days
    if dry_run:
        click.echo(f"{done.residents} resident(s) discharged more than {kept} days ago "
                   "would be erased")
        return
    click.echo(f"erased {done.residents} resident(s), {done.free_text_answers} free-text "
               f"answer(s), {done.agreed_actions} agreed action(s); coded answers kept")


@click.command("erase-resident")
@click.argument("resident_id", type=int)
@click.option("--reason", default="request", show_default=True,
              help="Why (recorded in the audit trail): request, retention, ...")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_resident_command(resident_id: int, reason: str, yes: bool) -> None:
    """Erase one resident on request: label, free text and agreed actions' text."""
    from .models import Resident
    from .retention import erase_resident

    with db.connection_context():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise click.ClickException(f"no resident with id {resident_id}")
        if resident.erased_at is not None:
            raise click.ClickException(f"resident {resident_id} was erased already")
        if not yes:
            click.confirm(f"Erase resident {resident_id} for good?", abort=True)
        done = erase_resident(resident, reason, role=None)
    click.echo(f"erased resident {resident_id}: {done.free_text_answers} free-text answer(s), "
               f"{done.agreed_actions} agreed action(s); coded answers kept")


COMMANDS = (migrate_command, check_questionnaires_command, create_user_command, demo_command,
            export_command, codebook_command, backup_command, restore_command, purge_command,
            erase_resident_command)


from .audio import build_audio_command  # noqa: E402 - the optional read-aloud recordings

COMMANDS = (*COMMANDS, build_audio_command)


def register_commands(app: Flask) -> None:
    """Make the commands available as `flask --app survey <command>` too."""
    for command in COMMANDS:
        app.cli.add_command(command)
