"""Reading questionnaire files (TOML): each is parsed, then checked (see checks/).

Every problem is reported as ``file:item:field: message`` so an author can find it;
the app refuses to start while any shipped file has one. Easy-language advice (see
lix.py) is reported as ``file:item:field: warning: message`` and stops nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from . import checks
from .checks import Problem
from .definition import Definition

_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def check_file(
    path: Path, display_name: str | None = None
) -> tuple[Definition | None, list[Problem], list[Problem]]:
    """Read and check one file: its definition (None if it has problems), problems, warnings."""
    name = display_name or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        match = _LINE.search(str(error))
        where = f"line {match.group(1)}" if match else "-"
        return None, [Problem(name, where, "syntax", _LINE.sub("", str(error)).strip())], []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, "-", "file", str(error))], []
    problems = checks.problems(name, data)
    if problems:
        return None, problems, []
    return Definition(data), [], checks.warnings(name, data)


def load_file(path: Path, display_name: str | None = None) -> tuple[Definition | None, list[Problem]]:
    """Read and check one file; return its definition (None if it has problems) and problems."""
    definition, problems, _ = check_file(path, display_name)
    return definition, problems


def questionnaire_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the ``*.toml`` files in them, in name order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def check_all(paths: Iterable[Path]) -> tuple[list[Definition], list[Problem], list[Problem]]:
    """Read and check every file (codes unique across files): definitions, problems, warnings."""
    definitions: list[Definition] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in questionnaire_files(paths):
        definition, found, advice = check_file(path)
        problems.extend(found)
        warnings.extend(advice)
        if definition is None:
            continue
        if definition.code in seen:
            problems.append(Problem(str(path), "-", "code",
                                    f"'{definition.code}' is also the code of {seen[definition.code]}"))
            continue
        seen[definition.code] = path
        definitions.append(definition)
    return definitions, problems, warnings


def load_all(paths: Iterable[Path]) -> tuple[list[Definition], list[Problem]]:
    """Read and check every file; codes must be unique across files."""
    definitions, problems, _ = check_all(paths)
    return definitions, problems
