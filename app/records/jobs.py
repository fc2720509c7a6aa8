from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class JobMethod(str, enum.Enum):
    FAST = "fast"  # one pass of a feed-forward network (Johnson et al.)
    OPTIMISE = "optimise"  # the masterpiece: the picture optimised itself (Gatys et al.)


class JobKind(str, enum.Enum):
    PHOTO = "photo"
    VIDEO = "video"  # photo_id holds the clip, result_id the painted MP4 (app/services/videos.py)


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    """One stylisation. This row is the truth; the broker only carries its id."""

    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_status_updated", "status", "updated_at"),
                      sa.Index("ix_jobs_user_created", "user_id", "created_at"))

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    style: Mapped[str] = mapped_column(sa.String(64))
    strength: Mapped[float] = mapped_column(default=1.0)
    preserve_colors: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(16), default=JobStatus.QUEUED.value)
    method: Mapped[str] = mapped_column(sa.String(16), default=JobMethod.FAST.value,
                                        server_default=JobMethod.FAST.value)
    cost: Mapped[int] = mapped_column(default=1, server_default="1")  # credits spent
    # The size the photo is painted at (models/brush.py): broad, medium or fine.
    brush: Mapped[str] = mapped_column(sa.String(16), default="medium", server_default="medium")
    # Masterpiece settings (NULL for fast jobs), and how far the painting has come:
    # `progress` iterations done, the latest picture, and whether its owner asked to stop.
    iterations: Mapped[int | None]
    style_weight: Mapped[float | None]
    size: Mapped[int | None]  # the result's longest side
    progress: Mapped[int] = mapped_column(default=0, server_default="0")
    stop_requested: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    progress_image_id: Mapped[str | None] = mapped_column(sa.ForeignKey(
        "images.id", name="fk_jobs_progress_image_id_images", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(default=0)
    # Videos: what the container says (duration in seconds, average frame rate, frames);
    # `progress` counts the frames painted and progress_image_id is the latest one.
    kind: Mapped[str] = mapped_column(sa.String(8), default=JobKind.PHOTO.value,
                                      server_default=JobKind.PHOTO.value)
    duration: Mapped[float | None]
    fps: Mapped[float | None]
    frames: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    # The uploaded bytes (never served as-is: they may carry GPS metadata),
    # a metadata-free preview of them, the result and the result's preview.
    photo_id: Mapped[str] = mapped_column(sa.ForeignKey("images.id"))
    photo_preview_id: Mapped[str | None] = mapped_column(sa.ForeignKey("images.id"))
    result_id: Mapped[str | None] = mapped_column(sa.ForeignKey("images.id"))
    result_preview_id: Mapped[str | None] = mapped_column(sa.ForeignKey("images.id"))
    # Small versions (longest side 480) for grids: the history page loads these.
    # NULL for jobs made before migration 0004; the pages fall back to the previews.
    photo_thumb_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("images.id", name="fk_jobs_photo_thumb_id_images"))
    result_thumb_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("images.id", name="fk_jobs_result_thumb_id_images"))
    # A job painted with the user's own picture (style "own"); NULL for catalogue styles
    # and once that picture is deleted.
    user_style_id: Mapped[str | None] = mapped_column(sa.ForeignKey(
        "user_styles.id", name="fk_jobs_user_style_id_user_styles", ondelete="SET NULL"))
    # A mix of paintings (style "mix"): JSON text, [{"style": slug or own style id, "weight"}],
    # weights summing to 1 (app/services/mixes.py); NULL for one painting.
    mix: Mapped[str | None] = mapped_column(sa.Text)
    width: Mapped[int]
    height: Mapped[int]
    engine_ms: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # Touched whenever the status changes; the sweeper finds stuck jobs by it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_masterpiece(self) -> bool:
        return self.method == JobMethod.OPTIMISE.value

    @property
    def is_video(self) -> bool:
        return self.kind == JobKind.VIDEO.value

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE.value, JobStatus.FAILED.value)
