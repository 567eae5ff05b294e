"""Health check for load balancers and monitoring."""

from flask import Blueprint

from ..db import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def check():
    """Answer 200 when the database answers."""
    db.execute_sql("SELECT 1").fetchone()
    return {"status": "ok"}
