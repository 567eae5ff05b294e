"""The audit trail: who did what, when, to which object, in which role."""

from __future__ import annotations

import json
from typing import Any

from flask import g, has_request_context

from .models import AuditEvent, User


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    resident_id: int | None = None,
    user: User | None = None,
    role: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the trail; the acting user defaults to the signed-in one."""
    if user is None and has_request_context():
        user = g.get("user")
    return AuditEvent.create(
        user=user,
        username=user.username if user is not None else None,
        role=role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        resident_id=resident_id,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
    )
