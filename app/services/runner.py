"""The worker side of the job path: run one job, idempotently.

A job may be delivered more than once (late acknowledgement, redelivery after
a worker died, the sweeper). Claiming and finishing are conditional updates on
the job row, so a finished job is never redone and a result is stored once.
"""
from __future__ import annotations

import logging
import time

import sqlalchemy as sa
from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow
from app.services import claims, credits, heartbeat, masterpiece, masterpiece_worker, storage, user_styles
from models import images as imaging, pipeline

log = logging.getLogger(__name__)
FAILED_MESSAGE = "Something went wrong while painting this photo. Your credit has been returned."


def fail(job: Job, message: str) -> None:
    """Mark a job failed and give its credit back, once."""
    done = db.session.execute(
        sa.update(Job).where(Job.id == job.id, Job.status.in_(
            [JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
        .values(status=JobStatus.FAILED.value, error=message,
                finished_at=utcnow(), updated_at=utcnow())).rowcount
    if done:
        credits.refund_job(job.user_id, job.id)
    db.session.commit()
    log.warning("job %s failed: %s", job.id, message)


def _release_or_fail(job: Job) -> None:
    """After an unexpected error: back to the queue for the retry, or failed
    and refunded if this was the last attempt."""
    db.session.rollback()
    if job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
        fail(job, FAILED_MESSAGE)
        return
    db.session.execute(sa.update(Job).where(Job.id == job.id, Job.status == JobStatus.RUNNING.value)
                       .values(status=JobStatus.QUEUED.value, updated_at=utcnow()))
    db.session.commit()


def _finish(job: Job, rgb, alpha, engine_ms: int, iterations: int | None = None) -> bool:
    result = storage.store_array(job.user_id, "result", rgb, alpha,
                                 fmt="png" if alpha is not None else "jpeg")
    preview = storage.store_array(job.user_id, "result_preview", rgb, alpha,
                                  longest=storage.DISPLAY_LONGEST)
    thumb = storage.store_array(job.user_id, "result_thumb", rgb, alpha,
                                longest=storage.THUMB_LONGEST)
    now = utcnow()
    # A masterpiece's forming picture, as its painting left it (the job object predates it).
    forming = None if iterations is None else db.session.scalar(
        sa.select(Job.progress_image_id).where(Job.id == job.id))
    painted = {} if iterations is None else {"progress": iterations, "progress_image_id": None}
    won = db.session.execute(
        sa.update(Job).where(Job.id == job.id, Job.status == JobStatus.RUNNING.value)
        .values(status=JobStatus.DONE.value, result_id=result.id,
                result_preview_id=preview.id, result_thumb_id=thumb.id, engine_ms=engine_ms,
                error=None, finished_at=now, updated_at=now, **painted)).rowcount
    if not won:  # another delivery finished first: keep its result, drop ours
        db.session.rollback()
        return False
    if iterations is not None:
        storage.delete(forming)  # the result replaces the forming picture
        masterpiece.settle(job, iterations)  # stopped early: the unused part comes back
    db.session.commit()
    return True


def _make_display_copies(job: Job, rgb, alpha=None) -> None:
    """The photo's preview and thumbnail, when the web could not make them without
    decoding it whole (uploads.display_copies): stored before painting, so the job
    page shows the photo while it paints."""
    if job.photo_preview_id and job.photo_thumb_id:
        return
    preview = storage.store_array(job.user_id, "preview", rgb, alpha, longest=storage.DISPLAY_LONGEST)
    thumb = storage.store_array(job.user_id, "photo_thumb", rgb, alpha, longest=storage.THUMB_LONGEST)
    won = db.session.execute(sa.update(Job).where(Job.id == job.id, Job.photo_preview_id.is_(None))
                             .values(photo_preview_id=preview.id, photo_thumb_id=thumb.id)).rowcount
    if won:
        db.session.commit()
    else:  # another delivery made them first
        db.session.rollback()
    db.session.refresh(job)


def run_job(job_id: str, engine) -> str:
    """Run one job to the end with `engine` (a models.engine.Engine). Returns
    the job's final status; raises only for errors worth a retry."""
    job = claims.claim(job_id)
    if job is None:
        log.info("job %s is already finished or gone, and none is queued; nothing to do", job_id)
        return "skipped"
    job_id = job.id  # the fairest queued job, maybe not the one the message named
    if job.attempts > current_app.config["JOB_MAX_ATTEMPTS"]:
        fail(job, FAILED_MESSAGE)
        return JobStatus.FAILED.value
    if job.is_video:
        return _run_video(job, engine)
    try:
        decoded = imaging.decode(storage.load_bytes(job.photo_id),
                                 max_pixels=current_app.config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000)
    except imaging.ImageError as exc:  # permanent: retrying cannot help
        fail(job, f"{exc} Your credit has been returned.")
        return JobStatus.FAILED.value
    _make_display_copies(job, decoded.rgb, decoded.alpha)
    try:
        style = user_styles.style_for(job)  # a catalogue slug, or the user's own painting
    except user_styles.StyleGone as exc:
        fail(job, str(exc))
        return JobStatus.FAILED.value
    started = time.perf_counter()
    alpha, iterations = decoded.alpha, None
    try:
        with heartbeat.beating(job.id, current_app.config["JOB_HEARTBEAT"]):
            if job.is_masterpiece:  # a smaller picture: the photo's transparency is not kept
                rgb, iterations = masterpiece_worker.paint(job, decoded.rgb, style)
                alpha = None
            else:
                rgb = pipeline.render(engine, decoded.rgb, style, strength=job.strength,
                                      preserve_colors=job.preserve_colors, brush=job.brush,
                                      arbitrary_dir=current_app.config["ARBITRARY_DIR"])
    except SoftTimeLimitExceeded:
        fail(job, "This photo took too long to paint. Your credit has been returned.")
        return JobStatus.FAILED.value
    except Exception:
        _release_or_fail(job)
        raise
    engine_ms = int((time.perf_counter() - started) * 1000)
    finished = _finish(job, rgb, alpha, engine_ms, iterations)
    log.info("job %s done in %d ms (engine)%s", job_id, engine_ms, "" if finished else ", duplicate")
    return JobStatus.DONE.value


def _run_video(job: Job, engine) -> str:
    """A video job (app/services/video_jobs.py), with the same guarantees as a photo's."""
    from app.services import video_jobs
    from models import video

    try:
        style = user_styles.style_for(job)
    except user_styles.StyleGone as exc:
        fail(job, str(exc))
        return JobStatus.FAILED.value
    started = time.perf_counter()
    try:
        with heartbeat.beating(job.id, current_app.config["JOB_HEARTBEAT"]):
            values = video_jobs.paint(job, engine, style)
    except video.VideoError as exc:  # a damaged stream: retrying cannot help
        db.session.rollback()
        fail(job, f"{exc} Your credits have been returned.")
        return JobStatus.FAILED.value
    except SoftTimeLimitExceeded:
        db.session.rollback()
        fail(job, "This video took too long to paint. Your credits have been returned.")
        return JobStatus.FAILED.value
    except Exception:
        _release_or_fail(job)
        raise
    finished = video_jobs.finish(job, values, int((time.perf_counter() - started) * 1000))
    log.info("video job %s done%s", job.id, "" if finished else ", duplicate")
    return JobStatus.DONE.value
