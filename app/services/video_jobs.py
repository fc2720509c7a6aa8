"""The worker side of a video job: paint the clip streaming, show progress, store the MP4.

The clip goes to a temporary file (PyAV reads it twice: pictures and sound) and the
painted MP4 is written to another; frames are decoded, painted in batches and encoded
as they come (models/video_paint.py), so memory does not grow with the clip. Every
few seconds the job row gets the frames done and the latest painted frame (the forming
picture, as for masterpieces). A worker that dies leaves the job to another, which
starts the clip again; the credits were spent once, at submission.
"""
from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow
from app.services import storage

log = logging.getLogger(__name__)


class _Progress:
    """video_paint's callback: the frames done and the latest frame, now and then."""

    def __init__(self, job: Job, every: float):
        self.job_id, self.user_id, self.every = job.id, job.user_id, every
        self.last = -float("inf")
        self.first: np.ndarray | None = None

    def __call__(self, done: int, picture: np.ndarray) -> None:
        if self.first is None:
            self.first = picture.copy()  # the poster
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        old = db.session.scalar(sa.select(Job.progress_image_id).where(Job.id == self.job_id))
        image = storage.store_array(self.user_id, "progress", picture, longest=storage.DISPLAY_LONGEST)
        touched = db.session.execute(
            sa.update(Job).where(Job.id == self.job_id, Job.status == JobStatus.RUNNING.value)
            .values(progress=done, progress_image_id=image.id, updated_at=utcnow())).rowcount
        if not touched:
            db.session.rollback()
            return
        storage.delete(old)
        db.session.commit()


def paint(job: Job, engine, style) -> dict:
    """Paint the job's clip; returns the finished job's new column values (rows stored,
    not yet committed)."""
    from models import video_paint

    config = current_app.config
    reporter = _Progress(job, float(config["MASTERPIECE_PREVIEW_SECONDS"]))
    with tempfile.TemporaryDirectory(prefix="video-") as folder:
        source, target = Path(folder) / "in", Path(folder) / "out.mp4"
        source.write_bytes(storage.load_bytes(job.photo_id))
        painted = video_paint.paint(engine, source, target, style, strength=job.strength,
                                    preserve_colors=job.preserve_colors,
                                    brush=job.brush or video_paint.DEFAULT_BRUSH,
                                    arbitrary_dir=config["ARBITRARY_DIR"], progress=reporter)
        result = storage.store(job.user_id, "result", target.read_bytes(), "video/mp4",
                               painted.width, painted.height)
    poster = reporter.first
    preview = storage.store_array(job.user_id, "result_preview", poster, longest=storage.DISPLAY_LONGEST)
    thumb = storage.store_array(job.user_id, "result_thumb", poster, longest=storage.THUMB_LONGEST)
    log.info("video job %s: %d frames, %d scene cuts, %.1f s", job.id, painted.frames, painted.cuts,
             painted.seconds)
    # the upright size (a phone's rotation is known once a frame is decoded)
    return {"result_id": result.id, "result_preview_id": preview.id, "result_thumb_id": thumb.id,
            "frames": painted.frames, "progress": painted.frames, "width": painted.width,
            "height": painted.height}


def finish(job: Job, values: dict, engine_ms: int) -> bool:
    """Mark the job done with its result, once; False if another delivery finished first."""
    forming = db.session.scalar(sa.select(Job.progress_image_id).where(Job.id == job.id))
    now = utcnow()
    won = db.session.execute(
        sa.update(Job).where(Job.id == job.id, Job.status == JobStatus.RUNNING.value)
        .values(status=JobStatus.DONE.value, engine_ms=engine_ms, error=None, finished_at=now,
                updated_at=now, progress_image_id=None, **values)).rowcount
    if not won:
        db.session.rollback()
        return False
    storage.delete(forming)
    db.session.commit()
    return True
