"""The JSON API, version 1 (../shared/API.md; served as /api/v1/openapi.json).

Bearer tokens only, never the session cookie, so the blueprint is exempt from
CSRF. Every error is {"error": {"code", "message"}}: a ServiceError raised by a
view or a service, or what Flask raises itself, answered by app/errors/handlers.py.
"""
from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import account, catalogue, jobs, openapi, tokens  # noqa: E402,F401  (routes)


def register(app: Flask) -> None:
    """The API blueprint, exempt from CSRF (it trusts bearer tokens only)."""
    from app.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
