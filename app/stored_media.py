"""Stored pictures and videos as HTTP responses, for the pages and the API: their bytes
as stored (never decoded here), cached privately for a day unless the caller says
otherwise; 404 when they are gone."""
from __future__ import annotations

from flask import Response, abort, request

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


def stored_video(job, download: bool = False) -> Response:
    """A video job's MP4, with byte ranges (players ask for parts to seek; complete_length
    makes werkzeug honour them); `download` names it as an attachment."""
    data = storage.load_bytes(job.result_id)
    headers = {"Cache-Control": PRIVATE_DAY}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{job.style}-{job.id[:8]}.mp4"'
    response = Response(data, mimetype="video/mp4", headers=headers)
    response.set_etag(job.result_id)
    return response.make_conditional(request.environ, accept_ranges=True, complete_length=len(data))
