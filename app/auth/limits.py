"""One per-account limit on password attempts, however the password is proved:
the log-in form, POST /api/v1/tokens, and the account page's password change and
deletion all count against the same LOGIN_ACCOUNT_RATELIMIT, from any address."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from app.extensions import configured_limit, limiter
from app.services import accounts


def account_key() -> str:
    """The account whose password is tried: the submitted email (form or JSON),
    else the logged-in user's own."""
    email = request.form.get("email")
    if email is None and request.is_json:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) and current_user.is_authenticated:
        email = current_user.email
    return "account:" + accounts.normalise_email(email if isinstance(email, str) else "")


# Applied to every view that checks a password; one counter per account for all of them.
password_attempts = limiter.shared_limit(configured_limit("LOGIN_ACCOUNT_RATELIMIT"), scope="password-account",
                                         key_func=account_key, methods=["POST"])
