from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class PreviewSet(db.Model):
    """Free, small previews of one photo in every catalogue style. Never a job:
    no credit, not in the history; deleted after PREVIEW_TTL_HOURS."""

    __tablename__ = "preview_sets"
    __table_args__ = (sa.UniqueConstraint("user_id", "photo_sha256",
                                          name="uq_preview_sets_user_photo"),
                      sa.Index("ix_preview_sets_created", "created_at"))

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    photo_sha256: Mapped[str] = mapped_column(sa.String(64))  # the uploaded bytes: the cache key
    photo_id: Mapped[str] = mapped_column(sa.ForeignKey("images.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")  # queued, done, failed
    # The brush the previews are painted for (models/brush.py): the photo is kept at its
    # working size, so a preview is the result, smaller.
    brush: Mapped[str] = mapped_column(sa.String(16), default="medium", server_default="medium")
    # {slug: image id} once done; the images are owned by the user like any other.
    results: Mapped[dict | None] = mapped_column(sa.JSON)
    engine_ms: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
