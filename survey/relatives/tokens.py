"""Letter tokens: 128 bits, derived with the app's secret key, stored only as a hash.

Why derived and not drawn at random: a token cannot be recomputed from its hash, so
random tokens would have to be printed at once or never. Letters get lost, printers jam,
a ward asks for ten more copies: the quality team must be able to print a wave's letters
again. So each token is HMAC-SHA256(secret key, wave salt + ward + number), cut to 128
bits. It is as unguessable as a random one for anyone without the secret key; the
database holds only its SHA-256 (and the wave's random salt), so a copy of the database
alone does not give a single working link. The salt keeps a wave id reused after a reset
from giving old letters' links to a new wave.

Rotating the secret key keeps every issued link working (lookups use the stored hash)
but letters can no longer be reprinted: ``letters`` then says so instead of printing
links that do not work.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

from ..config import secret_key

#: 16 bytes = 128 bits, written as 22 URL-safe base64 characters.
TOKEN_BYTES = 16
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")


def new_salt() -> str:
    """A fresh random salt for a wave."""
    return secrets.token_hex(16)


def derive(salt: str, ward_id: int, number: int, open_link: bool) -> str:
    """The token of one letter (or ward poster), the same each time it is asked for."""
    secret = secret_key(current_app)
    kind = "poster" if open_link else "letter"
    message = f"relatives-token:{salt}:{ward_id}:{number}:{kind}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_of(token: str) -> str:
    """The SHA-256 of a token, as stored (128 random bits need no slow hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    """Tell whether the text could be a token at all (checked before any lookup)."""
    return bool(TOKEN_PATTERN.fullmatch(token))
