"""Tokens over the API: trade an email and password for a token; revoke one."""
from __future__ import annotations

from flask_limiter.util import get_remote_address

from app.api import auth, bp, schemas
from app.api.common import parse_body
from app.auth.limits import password_attempts
from app.extensions import configured_limit, limiter
from app.services import accounts, tokens
from app.services.errors import ServiceError


@bp.post("/tokens")
@limiter.limit(configured_limit("API_RATELIMIT_TOKENS"), key_func=get_remote_address)
@password_attempts  # the same per-account limit as the site's log-in form
def create_token():
    body = parse_body(schemas.TokenRequest)
    user = accounts.authenticate(body.email, body.password)
    if user is None:
        raise ServiceError("bad_credentials",
                           "That email and password do not match an account.", 401)
    token, secret = tokens.issue(user.id, body.name or "Created with the API")
    return schemas.TokenCreated(token=secret, id=token.id, created_at=token.created_at).dump(), 201


@bp.delete("/tokens/<token_id>")
@auth.token_required
def revoke_token(token_id):
    tokens.revoke(tokens.get_own(auth.current_user().id, token_id))
    return "", 204
