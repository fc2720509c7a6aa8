"""Jobs over the API: submit, list, look at, download and delete.

Links in job bodies are root-relative URLs ("/api/v1/jobs/<id>"): they stay
right behind any proxy; resolve them against the URL you called.
"""
from __future__ import annotations

from datetime import timezone

from flask import Response, abort, current_app, request, url_for
from werkzeug.http import is_resource_modified

from app.api import bp
from app.api import job_schemas as schemas
from app.api.auth import authenticated, current_user, rate_limit_key, token_required
from app.api.fields import field_error, number, preserve_colors, strength
from app.extensions import configured_limit, limiter
from app.records import Job, JobStatus
from app.services import credits, estimates, jobs, masterpiece, mixes, storage, videos
from app.services.errors import ServiceError
from app.stored_media import stored_video

FORMATS = {"jpeg": ("jpeg", "jpg"), "jpg": ("jpeg", "jpg"), "png": ("png", "png")}


def links(job: Job) -> schemas.Links:
    return schemas.Links(self=url_for("api.get_job", job_id=job.id),
                         result=url_for("api.job_result", job_id=job.id))


def job_body(job: Job) -> schemas.Job:
    return schemas.Job(
        id=job.id, status=job.status, style=job.style, strength=job.strength,
        preserve_colors=job.preserve_colors, method=job.method, cost=job.cost, brush=job.brush,
        settings=schemas.Settings(iterations=job.iterations, style_weight=job.style_weight,
                                  size=job.size) if job.is_masterpiece else None,
        progress=masterpiece.progress(job) or videos.progress(job), created_at=job.created_at,
        started_at=job.started_at, finished_at=job.finished_at, error=job.error,
        width=job.width, height=job.height, links=links(job), mix=mixes.parts(job),
        estimated_seconds=None if job.finished else estimates.for_job(job),
        **video_fields(job))


def video_fields(job: Job) -> dict:
    """`kind` on every job; a video's duration, frame rate and frame count."""
    if not job.is_video:
        return {"kind": "photo"}
    return {"kind": "video", "duration": job.duration, "fps": job.fps, "frames": job.frames}


def own_job(job_id: str) -> Job:
    """The caller's job, or 404 (jobs.get_own), also for ids no database can hold."""
    if "\x00" in job_id:  # PostgreSQL refuses to compare text with a NUL in it
        abort(404)
    return jobs.get_own(current_user().id, job_id)


@bp.post("/jobs")
@authenticated
@limiter.limit(configured_limit("API_RATELIMIT_JOBS"), key_func=rate_limit_key)
def create_job():
    user = current_user()
    request.max_content_length = videos.body_limit()  # a video may be larger than a photo
    clip = request.files.get("video")  # reading the body may raise 413
    photo = request.files.get("photo")
    if clip is None and (request.content_length or 0) > current_app.config["MAX_CONTENT_LENGTH"]:
        raise ServiceError("file_too_large", f"Photos can be up to {current_app.config['MAX_UPLOAD_MB']} MB.", 413)
    style = request.form.get("style")
    style_image = request.files.get("style_image")  # your own painting, instead of a style
    mix = request.form.get("mix")  # two or three paintings, instead of a style (issue 20)
    if style is None and style_image is None and mix is None:
        raise field_error("missing_style", "Choose a style: send its slug in the field 'style', "
                                            "a picture in the file field 'style_image', or a "
                                            "mix ('wave=0.6,the_scream=0.4') in the field 'mix'.")
    if mix is not None and (style is not None or style_image is not None):
        raise field_error("invalid_mix", "Send a mix instead of style and style_image, not with them.")
    options = {"strength": strength(request.form.get("strength")),
               "preserve_colors": preserve_colors(request.form.get("preserve_colors")),
               "method": request.form.get("method"), "iterations": number("iterations", int),
               "style_weight": number("style_weight", float), "size": number("size", int),
               "brush": request.form.get("brush")}
    if photo is None and clip is None:
        raise field_error("missing_photo", "Send the photo as the file field 'photo' (or a video as 'video').")
    try:
        # A picture becomes one of the user's styles (the same bytes: the same style).
        own = {"style_image": style_image.read() if style_image else None,
               "style_name": "Sent through the API"}
        if clip is not None:
            job = videos.submit(user.id, clip.read(), style or "", strength=options["strength"],
                                preserve_colors=options["preserve_colors"], brush=options["brush"], **own)
        else:
            job = jobs.submit(user.id, photo.read(), style or "", mix=mix, **options, **own)
    except credits.NoCredits:
        raise ServiceError("no_credits",
                           "You have no credits left. Buy a pack (POST /api/v1/checkout).", 402) from None
    accepted = schemas.JobAccepted(  # a video's also its kind and length (its price follows it)
        id=job.id, status=job.status, style=job.style, brush=job.brush, cost=job.cost,
        created_at=job.created_at, links=links(job), estimated_seconds=estimates.for_job(job),
        **(video_fields(job) if job.is_video else {}))
    return accepted.dump(), 202, {"Location": accepted.links.self}


@bp.get("/jobs")
@token_required
def list_jobs():
    raw = request.args.get("page", "1")
    page_number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= page_number <= 1_000_000:
        raise field_error("invalid_page", "page must be a whole number from 1.")
    page = jobs.list_for(current_user().id, page=page_number, per_page=schemas.PER_PAGE)
    following = url_for("api.list_jobs", page=page_number + 1) if page.has_next else None
    return schemas.JobPage(jobs=[job_body(job) for job in page.items], next=following).dump()


@bp.get("/jobs/<job_id>")
@token_required
def get_job(job_id):
    return job_body(own_job(job_id)).dump()


@bp.post("/jobs/<job_id>/stop")
@token_required
def stop_job(job_id):
    job = own_job(job_id)
    masterpiece.request_stop(job)  # a ServiceError (409) answers for itself
    return job_body(job).dump()


@bp.get("/jobs/<job_id>/result")
@token_required
def job_result(job_id):
    job = own_job(job_id)
    requested = request.args.get("format", "jpeg")
    if requested not in FORMATS:
        raise field_error("invalid_format", "format must be jpeg or png.")
    if job.status == JobStatus.FAILED.value:
        raise ServiceError("job_failed", job.error or "This job failed; there is no result.", 409)
    if job.status != JobStatus.DONE.value or not job.result_id:
        raise ServiceError("not_ready", "The result is not ready yet: poll the job until "
                                             "its status is 'done'.", 409)
    if job.is_video:  # an MP4 as it was made; ?format= does not apply
        return stored_video(job, download=True)
    fmt, extension = FORMATS[requested]
    # A result never changes once stored: its id and the format name the bytes.
    etag = f"{job.result_id}.{fmt}"
    modified = (job.finished_at or job.created_at).replace(tzinfo=timezone.utc, microsecond=0)
    headers = {"Cache-Control": "private, max-age=86400"}
    if not is_resource_modified(request.environ, etag=etag, last_modified=modified):
        response = Response(status=304, headers=headers)
    else:
        data, content_type = storage.result_as(job.result_id, fmt)
        response = Response(data, mimetype=content_type, headers={
            **headers,
            "Content-Disposition": f'attachment; filename="{job.style}-{job.id[:8]}.{extension}"'})
    response.set_etag(etag)
    response.last_modified = modified
    return response


@bp.delete("/jobs/<job_id>")
@token_required
def delete_job(job_id):
    job = own_job(job_id)
    jobs.delete(job)
    return "", 204
