"""Creating staff users."""

from __future__ import annotations

from collections.abc import Iterable

from peewee import IntegrityError

from .auth import hash_password
from .db import db
from .models import Role, User, UserWard, Ward

MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """The user cannot be created as asked; the message says why."""


def create_user(
    username: str,
    display_name: str,
    password: str,
    roles: Iterable[str] = (Role.STAFF.value,),
    ward_ids: Iterable[int] = (),
) -> User:
    """Create a user with roles and wards, all or nothing."""
    username = username.strip().lower()
    if not username:
        raise UserError("A user name is needed.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    role_names = sorted({Role(role).value for role in roles})
    ward_ids = list(ward_ids)
    wards = list(Ward.select().where(Ward.id.in_(ward_ids))) if ward_ids else []
    if len(wards) != len(set(ward_ids)):
        raise UserError("Unknown ward id.")
    try:
        with db.atomic():
            user = User.create(
                username=username,
                display_name=display_name,
                password_hash=hash_password(password),
                roles=" ".join(role_names),
            )
            for ward in wards:
                UserWard.create(user=user, ward=ward)
    except IntegrityError as error:
        raise UserError(f"The user name '{username}' is taken.") from error
    return user
