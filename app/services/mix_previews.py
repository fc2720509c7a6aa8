"""The free preview of a photo in a mix of paintings: the photo's small copy from its
preview set (app/services/previews.py) painted in one mix by a worker, before a credit
is spent. One PreviewSet row per photo and mix (keyed by the photo's sha256 with the
mix), so moving a slider back reuses a preview; results {"mix_of": text, "mix": image
id}; expired, and deleted with an account, as every preview set is."""
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
from app.services import mixes, previews, storage
from models import images as imaging, pipeline
from models.mix import parse_mix

log = logging.getLogger(__name__)


def is_mix(preview_set: PreviewSet) -> bool:
    return "mix_of" in (preview_set.results or {})


def request(user_id: str, base: PreviewSet, parts: list[dict]) -> PreviewSet:
    """The preview of `base`'s photo in the mix `parts` (mixes.checked): cached or queued."""
    text = mixes.key(parts)
    digest = hashlib.sha256(f"{base.photo_sha256}|{text}".encode()).hexdigest()
    query = sa.select(PreviewSet).where(PreviewSet.user_id == user_id, PreviewSet.photo_sha256 == digest)
    found = db.session.scalar(query)
    if found is not None and found.status != "failed":
        return found
    if found is not None:  # failed before: try again
        previews.discard(found)
    photo = storage.copy(base.photo_id)  # its own copy: either set may expire first
    row = PreviewSet(user_id=user_id, photo_sha256=digest, photo_id=photo.id, results={"mix_of": text})
    db.session.add(row)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same mix asked twice at once
        db.session.rollback()
        return db.session.scalars(query).one()
    queue.send(queue.MIX_PREVIEW_TASK, row.id)
    return row


def resend_if_stale(row: PreviewSet) -> None:
    if row.status == "queued" and row.updated_at < utcnow() - timedelta(seconds=previews.RESEND_AFTER):
        row.updated_at = utcnow()
        db.session.commit()
        queue.send(queue.MIX_PREVIEW_TASK, row.id)


def render(set_id: str, engine) -> str:
    """Worker side: paint the small photo in the row's mix and store the picture."""
    row = db.session.get(PreviewSet, set_id)
    if row is None or row.status == "done" or not is_mix(row):
        return "skipped"
    text = row.results["mix_of"]
    started = time.perf_counter()
    try:
        rgb = imaging.decode(storage.load_bytes(row.photo_id)).rgb
        parts = [{"style": name, "weight": weight} for name, weight in parse_mix(text)]
        painted = pipeline.render(engine, rgb, mixes.pictures(row.user_id, parts),
                                  arbitrary_dir=current_app.config["ARBITRARY_DIR"])
        # The photo is kept at the brush's working size (previews.request_set): the
        # preview is the result, smaller.
        painted = imaging.thumbnail(painted, pipeline.PREVIEW_LONGEST)
    except Exception:
        log.exception("mix preview %s failed", set_id)
        db.session.rollback()
        row.status, row.updated_at = "failed", utcnow()
        db.session.commit()
        return "failed"
    engine_ms = int((time.perf_counter() - started) * 1000)
    try:
        image = storage.store_array(row.user_id, "preview_result", painted)
    except sa.exc.IntegrityError:  # its owner deleted their account meanwhile
        db.session.rollback()
        return "gone"
    won = db.session.execute(
        sa.update(PreviewSet).where(PreviewSet.id == set_id, PreviewSet.status != "done")
        .values(status="done", results={"mix_of": text, "mix": image.id}, engine_ms=engine_ms,
                updated_at=utcnow())).rowcount
    if not won:
        db.session.rollback()
        return "skipped"
    db.session.commit()
    return "done"
