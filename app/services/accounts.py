"""Accounts: sign-up, log-in checks and the user loader. Plain functions."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.records import EntryKind, User
from app.services import credits

MIN_PASSWORD = 8
# Checked against when the email is unknown, so both answers take as long.
_DUMMY_HASH = generate_password_hash("timing-equaliser")


class AccountError(ValueError):
    """A sign-up the person can fix; the message says how."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, *, free_credits: int | None = None) -> User:
    """Create an account with its welcome credits, in one transaction."""
    email = normalise_email(email)
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if find_by_email(email) is not None:
        raise AccountError("An account with that email already exists. Log in instead?")
    user = User(email=email, password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    if free_credits is None:
        free_credits = current_app.config["SIGNUP_CREDITS"]
    if free_credits:
        credits.add_entry(user.id, free_credits, EntryKind.SIGNUP, "Welcome credits")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # Two sign-ups with the same email raced; the other one won.
        db.session.rollback()
        raise AccountError("An account with that email already exists. Log in instead?") from None
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def load_user(token: str) -> User | None:
    """flask-login's loader: the id carries the session token, so a changed
    token (log out everywhere) invalidates every old session."""
    user_id, _, session_token = (token or "").partition(":")
    user = db.session.get(User, user_id)
    if user is None or user.session_token != session_token:
        return None
    return user
