"""Users' own paintings: upload, list, fetch (own only), delete, and the pixels the
worker paints with. A style is private: another user's id is a 404."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from app.extensions import db
from app.records import Job, UserStyle
from app.records.user_styles import OWN_STYLE
from app.services import mixes, ownership, storage, uploads
from app.services.errors import ServiceError
from models import images as imaging

STYLE_LONGEST = 768  # kept: the predictor only looks at a 256x256 square of it
THUMB_LONGEST = 240
NAME_MAX = 80
MAX_PER_USER = 50


class StyleGone(LookupError):
    """The job's own style was deleted before the job ran."""


def _name(raw: str | None, fallback: str) -> str:
    name = " ".join((raw or "").split())[:NAME_MAX]
    return name or fallback


def create(user_id: str, data: bytes, name: str | None = None) -> UserStyle:
    """Store a picture as a style (in the caller's transaction: flushed, not committed).
    The same bytes again return the style already made. Raises ServiceError."""
    try:
        upload, copies = uploads.decode_upload(data, STYLE_LONGEST, THUMB_LONGEST,
                                               missing="Choose a picture to paint with.")
    except ServiceError as exc:
        code = "missing_style_image" if exc.code == "missing_photo" else exc.code
        raise ServiceError(code, exc.message if code != exc.code else f"Your painting: {exc.message}",
                           exc.status, field="style_image") from None
    digest = hashlib.sha256(data).hexdigest()
    existing = db.session.scalar(sa.select(UserStyle).where(UserStyle.user_id == user_id,
                                                            UserStyle.sha256 == digest))
    if existing is not None:
        return existing
    count = db.session.scalar(sa.select(sa.func.count()).select_from(UserStyle)
                              .where(UserStyle.user_id == user_id))
    if count >= MAX_PER_USER:
        raise ServiceError("too_many_styles", f"You can keep {MAX_PER_USER} of your own paintings; "
                                              "delete one on your account page first.", 422,
                           field="style_image")
    if copies is None:  # only a full decode could reduce it, and the web never does one
        raise ServiceError("image_too_large", "Your painting: as a PNG, WebP or GIF it may have at "
                           f"most {uploads.WEB_DECODE_MAX_PIXELS / 1e6:g} megapixels (its style is "
                           "read from 256 pixels); send a smaller picture or a JPEG.", 422,
                           field="style_image")
    image = storage.store_array(user_id, "style", copies[0])
    thumb = storage.store_array(user_id, "style_thumb", copies[1])
    style = UserStyle(user_id=user_id, name=_name(name, "My painting"), sha256=digest,
                      image_id=image.id, thumb_id=thumb.id)
    db.session.add(style)
    db.session.flush()
    return style


def for_job(user_id: str, style_id: str | None = None, image: bytes | None = None,
            name: str | None = None) -> str | None:
    """The own painting a job is painted with: a new picture becomes one of the user's
    styles (in the job's transaction: nothing is kept if the job is refused), else a saved
    one must be theirs (404). None: the job has no own painting."""
    if image is not None:  # an empty picture is refused (missing_style_image), not ignored
        return create(user_id, image, name).id
    if style_id is not None:
        get_own(user_id, style_id)
    return style_id


def list_for(user_id: str) -> list[UserStyle]:
    return list(db.session.scalars(sa.select(UserStyle).where(UserStyle.user_id == user_id)
                                   .order_by(UserStyle.created_at.desc(), UserStyle.id)))


def get_own(user_id: str, style_id: str) -> UserStyle:
    """The user's own style, or 404: someone else's does not exist for them."""
    return ownership.own_or_404(UserStyle, style_id, user_id)


def delete(style: UserStyle) -> None:
    """Delete the style and its pictures. Jobs painted with it keep their results;
    a queued one fails and returns its credit (runner: StyleGone)."""
    image_ids = (style.image_id, style.thumb_id)
    db.session.execute(sa.update(Job).where(Job.user_style_id == style.id)
                       .values(user_style_id=None))
    db.session.delete(style)
    db.session.flush()
    storage.delete(*image_ids)
    db.session.commit()


def style_for(job: Job):
    """What the worker paints `job` with: a catalogue slug, the own style's pixels, or a mix."""
    if job.mix:
        try:
            return mixes.pictures(job.user_id, mixes.parts(job))
        except LookupError:
            raise StyleGone("One of the paintings of this mix was deleted. "
                            "Your credit has been returned.") from None
    if job.style != OWN_STYLE:
        return job.style
    if job.user_style_id is None:
        raise StyleGone("The painting this photo was to be painted with was deleted. "
                        "Your credit has been returned.")
    style = db.session.get(UserStyle, job.user_style_id)
    return imaging.decode(storage.load_bytes(style.image_id)).rgb
