"""Tokens over the API: trade an email and password for a token; revoke one."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_limiter.util import get_remote_address

from app.api import auth, bp
from app.api.common import iso, json_object, storable
from app.api.errors import ApiError
from app.auth.limits import password_attempts
from app.extensions import limiter
from app.services import accounts, tokens

FIELD_MAX = 254  # no email is longer; passwords are capped at 200 by the sign-up form


def _token_limit() -> str:
    return current_app.config["API_RATELIMIT_TOKENS"]


def _text_field(body: dict, name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not storable(value) or not value or len(value) > FIELD_MAX:
        raise ApiError(422, f"invalid_{name}", f"'{name}' must be a non-empty string of at most "
                                               f"{FIELD_MAX} characters.")
    return value


@bp.post("/tokens")
@limiter.limit(_token_limit, key_func=get_remote_address)
@password_attempts  # the same per-account limit as the site's log-in form
def create_token():
    body = json_object()
    email, password = _text_field(body, "email"), _text_field(body, "password")
    name = _text_field(body, "name", required=False) or "Created with the API"
    user = accounts.authenticate(email, password)
    if user is None:
        raise ApiError(401, "bad_credentials",
                       "That email and password do not match an account.")
    token, secret = tokens.issue(user.id, name)
    return jsonify(token=secret, id=token.id, created_at=iso(token.created_at)), 201


@bp.delete("/tokens/<token_id>")
@auth.token_required
def revoke_token(token_id):
    tokens.revoke(tokens.get_own(auth.current_user().id, token_id))
    return "", 204
