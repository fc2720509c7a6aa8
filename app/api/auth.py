"""The API's bearer-token check: load the token a request carries, authenticate its
user, and the per-user request limit. The tokens themselves are app/services/tokens.py
(re-exported here for code that imports them from the API).
"""
from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import g, request
from flask_limiter.util import get_remote_address

from app.extensions import configured_limit, db, limiter
from app.records import ApiToken, User
from app.records.common import utcnow
from app.services import tokens
from app.services.errors import ServiceError

# last_used_at is written at most this often per token, not on every poll.
LAST_USED_RESOLUTION = timedelta(seconds=60)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}
_NOT_LOADED = object()


def bearer_token() -> ApiToken | None:
    """The live token this request carries, or None; looked up once per request."""
    cached = g.get("_api_token", _NOT_LOADED)
    if cached is not _NOT_LOADED:
        return cached
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    token = None
    if scheme.lower() == "bearer" and secret.strip():
        token = tokens.find_live(secret.strip())
    g._api_token = token
    return token


def current_user() -> User:
    """The user whose token authenticated this request (inside token_required views)."""
    return g.api_user


def rate_limit_key() -> str:
    """Per user for authenticated requests, per address otherwise."""
    token = bearer_token()
    return f"user:{token.user_id}" if token is not None else get_remote_address()


def authenticate() -> User:
    """Load the request's user from its bearer token, or raise a 401."""
    if not request.headers.get("Authorization", "").strip():
        raise ServiceError("missing_token",
                           "Send your API token in the header 'Authorization: Bearer <token>'.", 401,
                           CHALLENGE)
    token = bearer_token()
    user = db.session.get(User, token.user_id) if token is not None else None
    if user is None:
        raise ServiceError("invalid_token",
                           "That API token is not valid: it may have been revoked or mistyped.", 401,
                           {"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'})
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    g.api_user = user
    return user


def authenticated(view):
    """Bearer-token authentication alone (job submission has a limit of its own)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        authenticate()
        return view(*args, **kwargs)

    return wrapper


# Every authenticated call but job submission counts against one per-user budget.
request_limit = limiter.shared_limit(configured_limit("API_RATELIMIT"), scope="api-user", key_func=rate_limit_key)


def token_required(view):
    """Bearer-token authentication, then the per-user limit on requests."""
    return authenticated(request_limit(view))
