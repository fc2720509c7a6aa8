"""API tokens: issue, list, find by secret, revoke.

A token is `sta_` plus 43 random URL-safe characters. Only its SHA-256 is
stored, so a copy of the database holds no usable token; the secret is
shown once, when the token is made. The account page and the API both call
these; the API's bearer check (app/api/auth.py) finds tokens with `find_live`.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from app.extensions import db
from app.records import ApiToken
from app.records.common import utcnow
from app.services import ownership

PREFIX = "sta_"
NAME_MAX = 100


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


def find_live(secret: str) -> ApiToken | None:
    """The unrevoked token with this secret, or None."""
    return db.session.scalar(sa.select(ApiToken).where(
        ApiToken.secret_hash == hash_secret(secret), ApiToken.revoked_at.is_(None)))


def get_own(user_id: str, token_id: str) -> ApiToken:
    """The user's own token, or 404: another user's token does not exist for them."""
    return ownership.own_or_404(ApiToken, token_id, user_id)


def revoke(token: ApiToken) -> None:
    """Revoke and commit; revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
