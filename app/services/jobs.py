"""Submitting, finding and deleting jobs: the web and API side of the job path."""
from __future__ import annotations

import logging

import sqlalchemy as sa


from app import queue
from app.extensions import db
from app.records import Job
from app.records.common import new_id
from app.services import credits, estimates, masterpiece, mixes, ownership, storage, uploads, user_styles
from app.services.errors import ServiceError
from models import brush as brushes
from models.catalogue import slugs

log = logging.getLogger(__name__)


def validate_style(style: str) -> str:
    if style not in slugs():
        raise ServiceError("unknown_style", f"There is no style called {style!r}.", 400)
    return style


def validate_brush(brush: str | None) -> str:
    if brush is None or brush == "":
        return brushes.DEFAULT_BRUSH
    if brush not in brushes.BRUSHES:
        raise ServiceError("invalid_brush", f"Brush must be one of {', '.join(brushes.BRUSHES)}.", 422)
    return brush


def chosen_style(user_id: str, style: str, user_style_id: str | None = None,
                 style_image: bytes | None = None, style_name: str | None = None) -> tuple[str, str | None]:
    """(style, user_style_id) of a photo or video job: an own painting, new or saved
    (user_styles.for_job), else a catalogue slug (400 unknown_style)."""
    user_style_id = user_styles.for_job(user_id, user_style_id, style_image, style_name)
    if user_style_id is not None:
        return user_styles.OWN_STYLE, user_style_id
    validate_style(style)
    return style, None


def validate_strength(strength: float) -> None:
    if not 0.0 <= strength <= 1.0:
        raise ServiceError("invalid_strength", "Strength must be between 0 and 1.", 422)


def submit(user_id: str, photo: bytes, style: str, *, strength: float = 1.0,
           preserve_colors: bool = False, user_style_id: str | None = None,
           brush: str | None = None,
           method: str | None = None, iterations: int | None = None,
           style_weight: float | None = None, size: int | None = None,
           mix: str | None = None, style_image: bytes | None = None,
           style_name: str | None = None) -> Job:
    """Validate, store the photo, spend the job's price and write the job in one
    transaction, then enqueue the job's id. Raises ServiceError or NoCredits.
    With `user_style_id` (the user's own painting, else 404) or `style_image` (a new one,
    named `style_name`, user_styles.for_job) `style` is ignored.
    `method` "optimise" is a masterpiece, with its own settings (masterpiece.settings).
    With `mix` ("NAME=W,NAME=W", app/services/mixes.py) `style` is ignored; it costs one style."""
    plan = masterpiece.settings(method, iterations, style_weight, size)
    brush = validate_brush(brush)
    parts = None
    if mix is not None:
        parts = mixes.checked(user_id, mix)
        if plan["method"] == "optimise":
            raise ServiceError("invalid_mix", "A mix is painted in Instant mode; a masterpiece "
                                          "takes one painting.", 422)
        style, user_style_id = mixes.MIX_STYLE, None
    else:
        style, user_style_id = chosen_style(user_id, style, user_style_id, style_image, style_name)
    validate_strength(strength)
    # The header, then small copies only: no full-size pixels on the web. A large PNG,
    # WebP or GIF has none yet (None): the worker makes them when it picks the job up.
    upload, copies = uploads.decode_upload(photo, storage.DISPLAY_LONGEST, storage.THUMB_LONGEST)
    width, height = upload.width, upload.height
    plan = masterpiece.priced(plan, width, height)  # a masterpiece: by the pixels it will paint
    if plan["method"] != "optimise":  # an instant job's price depends on its brush
        plan = {**plan, "cost": brushes.cost(width, height, brush)}
    estimates.refuse_if_too_long(plan["method"], width, height, brush=brush,
                                 style=style, iterations=plan.get("iterations"),
                                 size=plan.get("size"))
    job_id = new_id()
    credits.spend(user_id, plan["cost"], job_id,  # raises NoCredits before anything is stored
                  "Masterpiece" if plan["method"] == "optimise" else "Stylised photo")
    original = storage.store(user_id, "photo", photo, upload.content_type, width, height)
    preview = thumb = None
    if copies:
        preview = storage.store_array(user_id, "preview", copies[0])
        thumb = storage.store_array(user_id, "photo_thumb", copies[1])
    job = Job(id=job_id, user_id=user_id, style=style, strength=strength, brush=brush,
              preserve_colors=preserve_colors, photo_id=original.id, user_style_id=user_style_id,
              photo_preview_id=preview and preview.id, photo_thumb_id=thumb and thumb.id,
              width=width, height=height, mix=mixes.to_json(parts) if parts else None, **plan)
    db.session.add(job)
    db.session.commit()
    queue.enqueue(job.id, masterpiece=job.is_masterpiece)
    return job


def restyle(user_id: str, job: Job, style: str) -> Job:
    """The same photo in another style: a new instant job (one credit), whose photo
    rows are copies, so deleting either job never breaks the other. Raises
    ServiceError or NoCredits."""
    validate_style(style)
    if job.is_video:  # a clip is painted again by uploading it (videos.submit: priced by length)
        raise ServiceError("not_a_photo", "Only photos can be painted again in another style.", 409)
    estimates.refuse_if_too_long("fast", job.width, job.height, brush=estimates.brush_of(job),
                                 style=style)
    job_id = new_id()
    cost = brushes.cost(job.width, job.height, job.brush)  # the same brush, the same price
    credits.spend(user_id, cost, job_id)
    photo = storage.copy(job.photo_id)
    # Copies of what there is; a job whose worker has not made them yet gets its own
    # from its own worker (never a full decode here).
    preview = storage.copy(job.photo_preview_id) if job.photo_preview_id else None
    thumb = storage.copy(job.photo_thumb_id) if job.photo_thumb_id else None
    new = Job(id=job_id, user_id=user_id, style=style, strength=job.strength,
              preserve_colors=job.preserve_colors, photo_id=photo.id,
              photo_preview_id=preview.id if preview else None,
              photo_thumb_id=thumb.id if thumb else None,
              width=job.width, height=job.height, brush=job.brush, cost=cost)
    db.session.add(new)
    db.session.commit()
    queue.enqueue(new.id)
    return new


def get_own(user_id: str, job_id: str) -> Job:
    """The user's own job, or 404: another user's job does not exist for them."""
    return ownership.own_or_404(Job, job_id, user_id)


def list_for(user_id: str, page: int = 1, per_page: int = 20):
    return db.paginate(sa.select(Job).where(Job.user_id == user_id)
                       .order_by(Job.created_at.desc(), Job.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def delete(job: Job) -> None:
    """Remove the job with its photo and result for real. Unfinished jobs stay."""
    if not job.finished:
        raise ServiceError("job_not_finished", "This job is still being painted; delete it when it is done.", 409)
    image_ids = (job.photo_id, job.photo_preview_id, job.photo_thumb_id, job.result_id,
                 job.result_preview_id, job.result_thumb_id, job.progress_image_id)
    db.session.delete(job)
    db.session.flush()
    storage.delete(*image_ids)
    db.session.commit()
    log.info("job deleted", extra={"job_id": job.id})
