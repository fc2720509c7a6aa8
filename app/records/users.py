from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by every ledger write: updating this row first serialises
    # concurrent spends by the same user on SQLite and PostgreSQL alike.
    ledger_version: Mapped[int] = mapped_column(default=0)
    # The login session this request came with (set by accounts.load_user and at login).
    login_session_id: ClassVar[str | None] = None  # a plain attribute, not a column

    def get_id(self) -> str:
        """What the signed session cookie holds: the user and one LoginSession row.
        Deleting the row (log out, password change) ends that session on the server."""
        return f"{self.id}:{self.login_session_id}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginSession(db.Model):
    """One logged-in browser. A session cookie works only while its row exists."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
