"""What the job pages say about a job: its title, its status in words, and the live
status JSON the job page polls (with a masterpiece's progress and forming picture)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from app.extensions import db
from app.records import Job, StoredImage, UserStyle
from app.records.user_styles import OWN_STYLE
from app.services import masterpiece, mixes, storage, videos
from models.catalogue import load_catalogue

STATUS_MESSAGES = {"queued": "Waiting for a painter…", "running": "Painting your photo…",
                   "done": "Done!", "failed": "This photo could not be painted."}
MASTERPIECE_MESSAGES = {**STATUS_MESSAGES, "running": "Painting your masterpiece…",
                        "failed": "This masterpiece could not be painted."}
STOPPING = "Stopping: the picture it has becomes your result in a moment…"
OWN_FALLBACK = "Your painting"


def own_style_names(user_id: str) -> dict[str, str]:
    """The user's own paintings by id, for titling many jobs at once (the history)."""
    return dict(db.session.execute(sa.select(UserStyle.id, UserStyle.name)
                                   .where(UserStyle.user_id == user_id)).all())


def style_title(job: Job, own_names: dict[str, str] | None = None) -> str:
    """A catalogue painting's title, or the name of the user's own painting (which
    may have been deleted since: then "Your painting"), or a mix's proportions."""
    if job.mix:
        return mixes.title(mixes.parts(job), own_names)
    if job.style == OWN_STYLE:
        if not job.user_style_id:
            return OWN_FALLBACK
        if own_names is not None:
            return own_names.get(job.user_style_id) or OWN_FALLBACK
        return db.session.scalar(sa.select(UserStyle.name).where(UserStyle.id == job.user_style_id)) \
            or OWN_FALLBACK
    return next((s.title for s in load_catalogue() if s.slug == job.style), job.style)


def status_message(job: Job) -> str:
    if job.is_video:
        return {"running": "Painting your video…", "failed": "This video could not be painted."}.get(
            job.status, STATUS_MESSAGES.get(job.status, ""))
    if not job.is_masterpiece:
        return STATUS_MESSAGES.get(job.status, "")
    if job.status == "failed" and job.stop_requested:
        return "Stopped before painting began."
    if job.stop_requested and not job.finished:
        return STOPPING
    return MASTERPIECE_MESSAGES.get(job.status, "")


def iteration_text(progress: dict) -> str:
    return f"Masterpiece · iteration {progress['iteration']} of {progress['iterations']}"


def picture_url(job: Job) -> str | None:
    """The forming picture (cache-busted by the iteration), once there is one."""
    if job.is_video:  # the latest painted frame
        return url_for("jobs.image", job_id=job.id, which="progress", i=job.progress) \
            if job.progress_image_id else None
    progress = masterpiece.progress(job)
    if not progress or not progress["has_picture"]:
        return None
    return url_for("jobs.image", job_id=job.id, which="progress", i=job.progress)


def stopped_early(job: Job) -> bool:
    """A finished masterpiece that kept its picture before its last iteration."""
    return job.is_masterpiece and job.status == "done" and job.progress < (job.iterations or 0)


def result_size(job: Job) -> tuple[int, int]:
    """The result's pixels (a masterpiece's is smaller than the photo), without loading it."""
    if job.result_id:
        row = db.session.execute(sa.select(StoredImage.width, StoredImage.height)
                                 .where(StoredImage.id == job.result_id)).first()
        if row:
            return row.width, row.height
    return job.width, job.height


def status_json(job: Job) -> dict:
    progress = masterpiece.progress(job)
    text = iteration_text(progress) if progress else videos.progress_text(job)
    return {"id": job.id, "status": job.status, "error": job.error, "message": status_message(job),
            "url": url_for("jobs.show", job_id=job.id), "method": job.method, "kind": job.kind,
            "progress": progress or videos.progress(job), "progress_text": text,
            "picture": picture_url(job)}


def painted_size(job: Job) -> tuple[int, int]:
    """The size a masterpiece's forming picture has (the photo at job.size, never
    enlarged, as a preview); a fast job's preview size."""
    longest = min(job.size or storage.DISPLAY_LONGEST, storage.DISPLAY_LONGEST)
    return storage.fitted_size(job.width, job.height, longest)


def made_with(job: Job, title: str) -> list[tuple[str, str]]:
    """What made the picture, in words, for the result page: (label, value) pairs."""
    rows = [("Style", title),
            ("Method", "Masterpiece (Gatys et al.)" if job.is_masterpiece else "Instant (one pass of a network)")]
    if job.is_masterpiece:
        rows.append(("Painting", f"{job.progress} of {job.iterations} iterations at {job.size} px, "
                                 f"balance {job.style_weight:g}"))
    rows += [("Strength", f"{round((job.strength if job.strength is not None else 1.0) * 100)}%"),
             ("Colours", "your photo's" if job.preserve_colors else "the painting's")]
    if job.brush and not job.is_masterpiece:  # a masterpiece is painted at its size, not by a brush
        rows.append(("Brush", job.brush))
    return rows  # a mix's proportions are its title, in the Style row


def same_settings(job: Job) -> dict:
    """The create page's query parameters that start it from this job's settings."""
    args = {"strength": f"{job.strength:g}", "method": job.method}
    if job.preserve_colors:
        args["preserve_colors"] = "y"
    if job.is_masterpiece:
        args.update(size=job.size, style_weight=f"{job.style_weight:g}")
    if job.brush:
        args["brush"] = job.brush
    return args
