from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class StoredImage(db.Model):
    """Image bytes live in the database, so a backup of it is a backup of everything."""

    __tablename__ = "images"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))  # photo, result or thumb
    content_type: Mapped[str] = mapped_column(sa.String(32))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    # Deferred: listing jobs must not drag megabytes out of the database.
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
