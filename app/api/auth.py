"""API tokens: issue, list, revoke, and load the bearer token of a request.

A token is `sta_` plus 43 random URL-safe characters. Only its SHA-256 is
stored, so a copy of the database holds no usable token; the secret is
shown once, when the token is made.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from app.api.errors import ApiError
from app.extensions import db, limiter
from app.records import ApiToken, User
from app.records.common import utcnow
from app.services import ownership

PREFIX = "sta_"
NAME_MAX = 100
# last_used_at is written at most this often per token, not on every poll.
LAST_USED_RESOLUTION = timedelta(seconds=60)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}
_NOT_LOADED = object()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue(user_id: str, name: str) -> tuple[ApiToken, str]:
    """Create a token and commit; returns it with its secret (the only time it exists)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    name = name.replace("\x00", "").strip() or "API token"  # no NUL: PostgreSQL refuses it
    token = ApiToken(user_id=user_id, name=name[:NAME_MAX],
                     secret_hash=hash_secret(secret))
    db.session.add(token)
    db.session.commit()
    return token, secret


def tokens_for(user_id: str) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id)))


def get_own(user_id: str, token_id: str) -> ApiToken:
    """The user's own token, or 404: another user's token does not exist for them."""
    return ownership.own_or_404(ApiToken, token_id, user_id)


def revoke(token: ApiToken) -> None:
    """Revoke and commit; revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def bearer_token() -> ApiToken | None:
    """The live token this request carries, or None; looked up once per request."""
    cached = g.get("_api_token", _NOT_LOADED)
    if cached is not _NOT_LOADED:
        return cached
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    token = None
    if scheme.lower() == "bearer" and secret.strip():
        token = db.session.scalar(sa.select(ApiToken).where(
            ApiToken.secret_hash == hash_secret(secret.strip()), ApiToken.revoked_at.is_(None)))
    g._api_token = token
    return token


def current_user() -> User:
    """The user whose token authenticated this request (inside token_required views)."""
    return g.api_user


def rate_limit_key() -> str:
    """Per user for authenticated requests, per address otherwise."""
    token = bearer_token()
    return f"user:{token.user_id}" if token is not None else get_remote_address()


def _per_user_limit() -> str:
    return current_app.config["API_RATELIMIT"]


def authenticate() -> User:
    """Load the request's user from its bearer token, or raise a 401."""
    if not request.headers.get("Authorization", "").strip():
        raise ApiError(401, "missing_token",
                       "Send your API token in the header 'Authorization: Bearer <token>'.",
                       CHALLENGE)
    token = bearer_token()
    user = db.session.get(User, token.user_id) if token is not None else None
    if user is None:
        raise ApiError(401, "invalid_token",
                       "That API token is not valid: it may have been revoked or mistyped.",
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
request_limit = limiter.shared_limit(_per_user_limit, scope="api-user", key_func=rate_limit_key)


def token_required(view):
    """Bearer-token authentication, then the per-user limit on requests."""
    return authenticated(request_limit(view))
