"""Free previews: the photo painted in every catalogue style by a worker in one pass,
before the user spends a credit, at the chosen brush's working size (so a preview is
the result, smaller), and shown with its longest side 256.

Cached per user by the sha256 of the uploaded bytes and the brush (the same photo again
reuses its set), never a job (no credit, not in the history), deleted after PREVIEW_TTL_HOURS
by the workers' hourly retention task."""
from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import queue
from app.extensions import db
from app.records import PreviewSet
from app.records.common import utcnow
from app.services import ownership, storage, uploads
from app.services.errors import ServiceError
from models import images as imaging, pipeline
from models.brush import BRUSHES, DEFAULT_BRUSH
from models.catalogue import slugs

log = logging.getLogger(__name__)
LONGEST = pipeline.PREVIEW_LONGEST
UPLOAD_ROLE = "preview_upload"  # the photo as sent, until the worker reduces it
RESEND_AFTER = 60  # seconds a set may stay queued before a poll sends it again (lost message)


def request_set(user_id: str, photo: bytes, brush: str | None = None) -> PreviewSet:
    """The user's preview set for these bytes and brush: the cached one, or a new one queued."""
    brush = brush or DEFAULT_BRUSH
    if brush not in BRUSHES:
        raise ServiceError("invalid_brush", f"Brush must be one of {', '.join(BRUSHES)}.", 422)
    upload = uploads.inspect_upload(photo, "Choose a photo to preview.")
    # Stored at the brush's working size (known from the header): the worker paints it
    # as it is, then scales down.
    working = pipeline.preview_working_size(upload.width, upload.height, brush)
    copies = uploads.display_copies(upload, max(working))  # None: too big to reduce here
    # One set per photo and brush: the brush is part of the key.
    digest = hashlib.sha256(photo + b"\0brush=" + brush.encode()).hexdigest()
    found = db.session.scalar(sa.select(PreviewSet).where(PreviewSet.user_id == user_id,
                                                          PreviewSet.photo_sha256 == digest))
    if found is not None and found.status != "failed":
        return found
    if found is not None:  # failed before: try again from scratch
        discard(found)
    if copies:
        small = storage.store_array(user_id, "preview_photo", copies[0])
    else:  # too big to reduce here: the worker reduces it (render) before painting
        small = storage.store(user_id, UPLOAD_ROLE, photo, upload.content_type,
                              upload.width, upload.height)
    preview_set = PreviewSet(user_id=user_id, photo_sha256=digest, photo_id=small.id, brush=brush)
    db.session.add(preview_set)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same photo sent twice at once: use the other one
        db.session.rollback()
        return db.session.scalars(sa.select(PreviewSet).where(
            PreviewSet.user_id == user_id, PreviewSet.photo_sha256 == digest)).one()
    queue.send(queue.PREVIEWS_TASK, preview_set.id)
    return preview_set


def get_own(user_id: str, set_id: str) -> PreviewSet:
    return ownership.own_or_404(PreviewSet, set_id, user_id)


def photo_image_id(preview_set: PreviewSet) -> str | None:
    """The small photo to show, or None while the upload is stored as sent (it may carry
    metadata, and it is never served as-is) until the worker reduces it."""
    stored = storage.get(preview_set.photo_id)
    return None if stored is None or stored.role == UPLOAD_ROLE else stored.id


def resend_if_stale(preview_set: PreviewSet) -> None:
    """A set queued for long (its message lost, its worker dead) is sent again."""
    stale = utcnow() - timedelta(seconds=RESEND_AFTER)
    if preview_set.status == "queued" and preview_set.updated_at < stale:
        preview_set.updated_at = utcnow()
        db.session.commit()
        queue.send(queue.PREVIEWS_TASK, preview_set.id)


def render(set_id: str, engine) -> str:
    """Worker side: paint the set's photo in every style, store the six pictures."""
    preview_set = db.session.get(PreviewSet, set_id)
    if preview_set is None or preview_set.status == "done":
        return "skipped"
    started = time.perf_counter()
    try:
        rgb = _small_photo(preview_set)
        painted = pipeline.previews(engine, rgb, slugs(), longest=LONGEST)
    except Exception:
        log.exception("preview set %s failed", set_id)
        db.session.rollback()
        preview_set.status, preview_set.updated_at = "failed", utcnow()
        db.session.commit()
        return "failed"
    engine_ms = int((time.perf_counter() - started) * 1000)
    try:
        results = {slug: storage.store_array(preview_set.user_id, "preview_result", out).id
                   for slug, out in painted.items()}
    except sa.exc.IntegrityError:  # its owner deleted their account while it was painted
        db.session.rollback()
        if db.session.get(PreviewSet, set_id) is None:
            return "gone"
        raise
    won = db.session.execute(
        sa.update(PreviewSet).where(PreviewSet.id == set_id, PreviewSet.status != "done")
        .values(status="done", results=results, engine_ms=engine_ms, updated_at=utcnow())).rowcount
    if not won:  # a duplicate delivery finished first
        db.session.rollback()
        return "skipped"
    db.session.commit()
    log.info("preview set %s done in %d ms (engine)", set_id, engine_ms)
    return "done"


def _small_photo(preview_set: PreviewSet):
    """The set's photo at its brush's working size; an upload stored whole
    (uploads.display_copies could not reduce it on the web) is replaced by that copy first."""
    stored = storage.get(preview_set.photo_id)
    rgb = imaging.decode(storage.load_bytes(stored.id)).rgb
    if stored.role == UPLOAD_ROLE:
        working = pipeline.preview_working_size(rgb.shape[1], rgb.shape[0], preview_set.brush)
        rgb = imaging.thumbnail(rgb, max(working))
        small = storage.store_array(preview_set.user_id, "preview_photo", rgb)
        preview_set.photo_id = small.id
        db.session.flush()
        storage.delete(stored.id)
        db.session.commit()
    return rgb


def discard(preview_set: PreviewSet) -> None:
    image_ids = [preview_set.photo_id, *(preview_set.results or {}).values()]
    db.session.delete(preview_set)
    db.session.flush()
    storage.delete(*image_ids)


def purge_expired(hours: int | None = None) -> int:
    """Delete preview sets older than PREVIEW_TTL_HOURS, with their pictures."""
    hours = current_app.config["PREVIEW_TTL_HOURS"] if hours is None else hours
    cutoff = utcnow() - timedelta(hours=hours)
    expired = list(db.session.scalars(sa.select(PreviewSet).where(PreviewSet.created_at < cutoff)
                                      .limit(500)))
    for preview_set in expired:
        discard(preview_set)
    db.session.commit()
    if expired:
        log.info("previews: deleted %d sets made before %s", len(expired), cutoff)
    return len(expired)
