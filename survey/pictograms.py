"""Our pictograms (static/pictograms/*.svg), drawn inline in the answer buttons.

Inline, a question's pictograms come with the question: no request per picture on a
weak ward connection, and fewer bytes than six files (gzip shares their markup).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

PICTOGRAM_DIR = Path(__file__).resolve().parent / "static" / "pictograms"

_OPENING_TAG = re.compile(r"<svg\b[^>]*>")
#: The opening tag's attributes the inline drawing keeps: its frame and the shared ink.
_KEPT = re.compile(r'\s(?:viewBox|fill|stroke|stroke-width|stroke-linecap|stroke-linejoin)="[^"]*"')
_BETWEEN_TAGS = re.compile(r">\s+<")


@lru_cache(maxsize=256)
def _drawing(name: str) -> tuple[str, str]:
    """The pictogram's frame and ink attributes, and its shapes without whitespace between tags."""
    source = (PICTOGRAM_DIR / f"{name}.svg").read_text(encoding="utf-8")
    opening = _OPENING_TAG.search(source)
    attributes = "".join(_KEPT.findall(opening.group(0)))
    shapes = source[opening.end():source.rindex("</svg>")]
    return attributes, _BETWEEN_TAGS.sub("><", shapes.strip())


def pictogram(name: str) -> Markup:
    """An inline, decorative (hidden from screen readers) drawing of a shipped pictogram;
    the stylesheet gives its size.

    The name comes from a checked questionnaire (the checker refuses unknown pictograms),
    never from a request.
    """
    attributes, shapes = _drawing(name)
    return Markup(f'<svg class="pictogram"{attributes} aria-hidden="true">{shapes}</svg>')
