"""Recorded read-aloud files for tablets without a voice for a language (optional).

`survey build-audio` speaks every question and answer option of the loaded questionnaires
with espeak-ng (the Debian package) into survey/static/audio/ (git-ignored, one file per
language and text). The read-aloud button prefers such a file when it exists; otherwise
the browser's own speech synthesis speaks.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

AUDIO_DIR = Path(__file__).resolve().parent / "static" / "audio"


@lru_cache(maxsize=8192)
def audio_name(text: str, language: str) -> str:
    """Name the file of one text in one language (stable, so files survive rebuilds)."""
    digest = hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()[:24]
    return f"{language}/{digest}.wav"


def audio_url(text: str | None, language: str) -> str | None:
    """Give the URL of the recorded file of a text, or None when none was built."""
    if not text:
        return None
    name = audio_name(text, language)
    if name.rsplit("/", 1)[1] not in _built(language):
        return None
    return url_for("static", filename=f"audio/{name}")


_listings: dict[str, tuple[int, frozenset[str]]] = {}


def audio_stamp(language: str) -> int:
    """When the recorded files of a language last changed (0 when there are none)."""
    try:
        return os.stat(AUDIO_DIR / language).st_mtime_ns
    except OSError:
        return 0


def _built(language: str) -> frozenset[str]:
    # Every read-aloud button asks; one stat of the folder per button, and a new listing
    # only when `survey build-audio` has changed the folder, is cheaper than a stat per file.
    changed = audio_stamp(language)
    if not changed:
        return frozenset()
    seen = _listings.get(language)
    if seen is None or seen[0] != changed:
        seen = (changed, frozenset(os.listdir(AUDIO_DIR / language)))
        _listings[language] = seen
    return seen[1]


def texts_to_speak(definition) -> set[tuple[str, str]]:
    """Every (language, text) a dialogue of this questionnaire can read aloud."""
    from .questionnaire.items import item_type

    found: set[tuple[str, str]] = set()
    for language in definition.languages:
        for item in definition.items:
            found.add((language, definition.text(item["text"], language)))
            for choice in item_type(item).choices(item, definition, language) or []:
                found.add((language, choice.label))
    return found


@click.command("build-audio")
@click.option("--voice-speed", default=140, show_default=True, help="Words per minute.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=AUDIO_DIR,
              show_default=True, help="Where to write the files (the app serves static/audio/).")
@with_appcontext
def build_audio_command(voice_speed: int, out_dir: Path) -> None:
    """Record every question and answer option with espeak-ng into static/audio/."""
    from .questionnaire.store import load_checked

    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise click.ClickException("espeak-ng is not installed (apt-get install espeak-ng)")
    made = 0
    for definition in load_checked(current_app.config["QUESTIONNAIRE_DIR"]):
        for language, text in sorted(texts_to_speak(definition)):
            target = out_dir / audio_name(text, language)
            if target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([espeak, "-v", language, "-s", str(voice_speed), "-w", str(target), text],
                           check=True, capture_output=True)
            made += 1
    click.echo(f"recorded {made} new audio file(s) in {out_dir}")
