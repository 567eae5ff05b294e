"""Small URL helpers shared by views."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Return the target if it is a path on this site (never another host), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
