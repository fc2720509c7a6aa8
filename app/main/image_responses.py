"""A stored picture as an HTTP response: its bytes as stored (never decoded here),
cached privately for a day unless the caller says otherwise; 404 when it is gone."""
from __future__ import annotations

from flask import Response, abort

from app.services import storage

PRIVATE_DAY = "private, max-age=86400"  # a stored picture never changes under its id


def stored_image(image_id: str | None, filename: str | None = None, cache: str = PRIVATE_DAY) -> Response:
    image = storage.get(image_id) if image_id else None
    data = storage.load_bytes(image.id) if image else None
    if data is None:  # none, or a forming picture replaced a moment ago
        abort(404)
    response = Response(data, mimetype=image.content_type)
    response.headers["Cache-Control"] = cache
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
