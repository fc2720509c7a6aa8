"""Video jobs on the web side: check a clip, price it, store it, queue it; their progress.

The web process only reads the container (models.video.probe: streams, duration, packets);
it never decodes a frame. The clip's bytes go where every other upload goes, the `images`
table (role "video"; the painted MP4 is role "result"): the database stays the one truth,
one backup holds everything, and deleting a job deletes its rows the same way.
The worker side is app/services/video_jobs.py.
"""
from __future__ import annotations

import math

from flask import current_app

from app import queue
from app.extensions import db
from app.records import Job
from app.records.common import new_id, utcnow
from app.records.jobs import JobKind
from app.services import credits, storage
from app.services.errors import ServiceError
from app.services.jobs import chosen_style, validate_brush, validate_strength
from models import video

SECONDS_PER_CREDIT = 5  # one credit for every started 5 seconds: a 30 s clip is 6 credits
MB = 1024 * 1024


def price(duration: float) -> int:
    return max(1, math.ceil(round(duration, 2) / SECONDS_PER_CREDIT))


def body_limit() -> int:
    """The largest request body a video route reads (the file plus its form's envelope)."""
    return current_app.config["MAX_VIDEO_MB"] * MB + 64 * 1024


def check(data: bytes) -> video.VideoInfo:
    """The clip's metadata, or ServiceError: 413 too big, 415 not a video we take, 422 damaged,
    without frames or too long (video_too_long)."""
    config = current_app.config
    if not data:
        raise ServiceError("missing_video", "Choose a video to upload.", 422)
    if len(data) > config["MAX_VIDEO_MB"] * MB:
        raise ServiceError("video_too_large", f"The video is larger than {config['MAX_VIDEO_MB']} MB.", 413)
    try:
        info = video.probe(data, max_seconds=config["MAX_VIDEO_SECONDS"])
    except video.VideoError as exc:
        raise ServiceError(exc.code, str(exc), exc.status) from None
    return info


def _content_type(data: bytes, info: video.VideoInfo) -> str:
    if video.CONTAINERS[info.format] == "video/mp4" and data[8:12] == b"qt  ":
        return "video/quicktime"
    return video.CONTAINERS[info.format]


def submit(user_id: str, data: bytes, style: str, *, strength: float = 1.0,
           preserve_colors: bool = False, user_style_id: str | None = None,
           brush: str | None = None, style_image: bytes | None = None,
           style_name: str | None = None) -> Job:
    """Check the clip, spend its price, store it and write the job in one transaction,
    then queue it. Raises ServiceError or NoCredits; nothing is spent on a refused clip."""
    style, user_style_id = chosen_style(user_id, style, user_style_id, style_image, style_name)
    validate_strength(strength)
    brush = validate_brush(brush)  # frames are painted at the brush's video working size
    info = check(data)
    job_id, cost = new_id(), price(info.duration)
    credits.spend(user_id, cost, job_id, "Painted video")  # raises NoCredits before anything is stored
    clip = storage.store(user_id, "video", data, _content_type(data, info), info.width, info.height)
    job = Job(id=job_id, user_id=user_id, kind=JobKind.VIDEO.value, style=style, strength=strength,
              preserve_colors=preserve_colors, user_style_id=user_style_id, photo_id=clip.id,
              width=info.width, height=info.height, duration=info.duration, fps=info.fps,
              frames=info.frames, cost=cost, brush=brush)
    db.session.add(job)
    db.session.commit()
    queue.enqueue(job.id, masterpiece=True)  # the long jobs' queue and time limits
    return job


def progress(job: Job) -> dict | None:
    """{"frame", "frames", "fraction", "seconds_left"} for a video job; None for photos."""
    if not job.is_video:
        return None
    total = job.frames or 0
    done = min(job.progress, total) if job.status != "done" else total
    left = None
    if job.status == "running" and job.started_at and 0 < done < total:
        spent = (utcnow() - job.started_at).total_seconds()
        left = round(spent / done * (total - done))
    return {"frame": done, "frames": total, "fraction": round(done / total, 3) if total else 0.0,
            "seconds_left": left}


def progress_text(job: Job) -> str | None:
    info = progress(job)
    if not info or job.status != "running":
        return None
    text = f"Frame {info['frame']} of {info['frames']}"
    if info["seconds_left"] is not None:
        minutes, seconds = divmod(info["seconds_left"], 60)
        text += f" · about {minutes} min {seconds:02d} s left" if minutes else f" · about {seconds} s left"
    return text
