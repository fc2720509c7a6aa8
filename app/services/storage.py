"""Image bytes in the database: store, fetch and delete them."""
from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from app.extensions import db
from app.records import StoredImage
from models import images as imaging

# The display copy: what a job's page shows of its photo and its result (stored with the
# role "preview"); not the free previews of the create page (models/pipeline.PREVIEW_LONGEST).
DISPLAY_LONGEST = 1024
THUMB_LONGEST = 480  # grids (history) load these, never the display copies
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


def store(owner_id: str, role: str, data: bytes, content_type: str,
          width: int, height: int) -> StoredImage:
    image = StoredImage(owner_id=owner_id, role=role, data=data, content_type=content_type,
                        width=width, height=height, byte_size=len(data))
    db.session.add(image)
    db.session.flush()
    return image


def store_array(owner_id: str, role: str, rgb: np.ndarray, alpha=None,
                fmt: str = "jpeg", longest: int | None = None) -> StoredImage:
    """Encode pixels (metadata-free) and store them, optionally downscaled."""
    if longest is not None:
        rgb = imaging.thumbnail(rgb, longest)
        # previews are JPEG: laid on white by encode, so hidden pixels stay hidden
        alpha = None if alpha is None else imaging.thumbnail(alpha, longest)
        fmt = "jpeg"
    data = imaging.encode(rgb, alpha=alpha, fmt=fmt)
    return store(owner_id, role, data, CONTENT_TYPES[fmt], rgb.shape[1], rgb.shape[0])


def fitted_size(width: int, height: int, longest: int) -> tuple[int, int]:
    """(width, height) of a picture scaled as `store_array(longest=...)` scales it,
    for the pages' width and height attributes without loading the row."""
    if max(width, height) <= longest:
        return width, height
    scale = longest / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def copy(image_id: str) -> StoredImage:
    """A new row with the same bytes, so two jobs never share an image."""
    image = get(image_id)
    return store(image.owner_id, image.role, load_bytes(image_id), image.content_type,
                 image.width, image.height)


def delete(*image_ids: str | None) -> None:
    ids = [i for i in image_ids if i]
    if ids:
        db.session.execute(sa.delete(StoredImage).where(StoredImage.id.in_(ids)))


def load_bytes(image_id: str) -> bytes:
    return db.session.scalar(sa.select(StoredImage.data).where(StoredImage.id == image_id))


def get(image_id: str) -> StoredImage | None:
    return db.session.get(StoredImage, image_id)


def result_as(image_id: str, fmt: str) -> tuple[bytes, str]:
    """A result's bytes in the asked format, converting (losslessly to PNG) if needed."""
    image = get(image_id)
    data = load_bytes(image_id)
    if image.content_type == CONTENT_TYPES[fmt]:
        return data, image.content_type
    decoded = imaging.decode(data)
    return imaging.encode(decoded.rgb, alpha=decoded.alpha, fmt=fmt), CONTENT_TYPES[fmt]
