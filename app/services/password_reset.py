"""Password reset by emailed link: signed, expiring and single-use.

The token signs the user id and a fingerprint of the current password hash,
so it stops working the moment the password changes (single use) and after
RESET_TOKEN_MAX_AGE seconds (expiry). Nothing is stored.

The request only queues the email address; a worker looks it up and mails the
link. So the request does the same work, in the same time, whether or not the
email has an account, and never waits for an SMTP server."""
from __future__ import annotations

import hashlib
import logging

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app import queue
from app.extensions import db
from app.links import public_url
from app.records import User
from app.services import accounts, mail

log = logging.getLogger(__name__)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_reset(email: str) -> None:
    """Queue the reset email for the workers; the same for every address."""
    queue.send(queue.RESET_MAIL_TASK, accounts.normalise_email(email))  # lost: the person asks again


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def send_link(email: str) -> bool:
    """In a worker: email a reset link if the account exists; True if one was sent."""
    user = accounts.find_by_email(email)
    if user is None or user.email.endswith("@deleted.invalid"):
        log.info("password reset asked for an unknown email")
        return False
    # PUBLIC_URL, never a request's Host: the link must lead to this site.
    link = public_url("auth.reset_password", token=make_token(user))
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    mail.send(user.email, "Reset your Style-Transfer-Art password",
              f"Someone asked to reset the password of this account.\n\n"
              f"To choose a new password, open this link within {minutes} minutes:\n{link}\n\n"
              f"If it was not you, ignore this email: your password stays as it is.\n")
    return True


def user_for(token: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to, else None."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("u", "")) if isinstance(data, dict) else None
    if user is None or _fingerprint(user) != data.get("f"):
        return None
    return user


def reset(token: str, new_password: str) -> User | None:
    """Set a new password with a token; ends every session and API token."""
    user = user_for(token)
    if user is None:
        return None
    if len(new_password or "") < accounts.MIN_PASSWORD:
        raise accounts.AccountError(f"Choose a password of at least {accounts.MIN_PASSWORD} characters.")
    user.password_hash = accounts.hash_password(new_password)
    accounts.revoke_credentials(user)
    db.session.commit()
    return user
