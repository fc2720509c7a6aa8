"""How long a job will take to paint, from what this site's workers measured.

One figure per method, a rate: engine milliseconds per unit of work, where a fast job's
work is the megapixels its network paints (models.brush.working_pixels: the brush's
working size; an own painting or a mix is painted at 1 MP at most) plus a little for each
full-size megapixel (bringing the painting to full size, storing it), and a masterpiece's
work is iterations times its result's megapixels. The rate is the total engine time over
the total work of the latest finished jobs (big jobs weigh most; tiny ones, all overhead,
hardly count), once they add up to enough work to trust; until then the defaults below
(JOB_MS_PER_MEGAPIXEL, MASTERPIECE_MS_PER_ITERATION_MEGAPIXEL), measured on 2 CPU cores.

Submission refuses a fast job that could not finish within the workers' time limit
(JOB_TIME_LIMIT): it would run for minutes, fail and be refunded, again and again, for
free, while everyone else's photos wait. A masterpiece is never refused: it stops at
MASTERPIECE_TIME_LIMIT keeping the picture it has, and it has been paid for.
"""
from __future__ import annotations

import math

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from app.extensions import db
from app.records import Job, JobMethod, JobStatus
from app.records.common import utcnow
from app.records.user_styles import OWN_STYLE
from app.services import storage
from app.services.errors import ServiceError
from app.services.mixes import MIX_STYLE
from models import brush as brushes

SAMPLE_JOBS = 50  # the latest finished jobs the rate is measured on
MIN_MEASURED_WORK = 2.0  # megapixels (iteration-megapixels for masterpieces) before trusting them
OWN_STYLE_PIXELS = 1_000_000  # own paintings are painted at 1 MP at most (models/arbitrary.py)
# Each full-size megapixel costs about this share of a painted one (scaling up, encoding,
# storing): a guess until bench/sizes.py measures the upsampler; measured rates absorb it.
FULL_SIZE_SHARE = 0.05
# Refuse what would need more than this share of the soft time limit: the estimate is an
# average, and a busy machine is slower.
LIMIT_SHARE = 0.8
LONG_JOB_SECONDS = 10  # the job page shows a progress bar from here
OVERHEAD_SECONDS = 1.0  # decoding, storing, the database: every job, however small


def brush_of(job: Job) -> str:
    """The brush a job paints with (a row not yet flushed has no default yet)."""
    return job.brush or brushes.DEFAULT_BRUSH


def work(method: str, width: int, height: int, *, brush: str = brushes.DEFAULT_BRUSH,
         style: str | None = None, iterations: int | None = None,
         size: int | None = None) -> float:
    """The job's work in the rate's unit (see the module's docstring)."""
    if method == JobMethod.OPTIMISE.value:
        w, h = storage.fitted_size(width, height, size or current_app.config["MASTERPIECE_SIZE"])
        return (iterations or current_app.config["MASTERPIECE_ITERATIONS"]) * w * h / 1e6
    painted = brushes.working_pixels(width, height, brush)
    if style in (OWN_STYLE, MIX_STYLE):  # the arbitrary-style network, at 1 MP at most
        painted = min(painted, OWN_STYLE_PIXELS)
    return (painted + FULL_SIZE_SHARE * width * height) / 1e6


def _default_rate(method: str) -> float:
    key = "MASTERPIECE_MS_PER_ITERATION_MEGAPIXEL" if method == JobMethod.OPTIMISE.value \
        else "JOB_MS_PER_MEGAPIXEL"
    return float(current_app.config[key])


def rate(method: str) -> float:
    """Engine milliseconds per unit of work, measured on the latest finished jobs
    (once per request: a page of twenty jobs asks twenty times)."""
    if not has_request_context():
        return _measured_rate(method)
    cache = g.setdefault("job_rates", {})
    if method not in cache:
        cache[method] = _measured_rate(method)
    return cache[method]


def _measured_rate(method: str) -> float:
    rows = db.session.execute(
        sa.select(Job).where(Job.method == method, Job.status == JobStatus.DONE.value,
                             Job.engine_ms.is_not(None))
        .order_by(Job.finished_at.desc()).limit(SAMPLE_JOBS)).scalars().all()
    total_ms = total_work = 0.0
    for job in rows:
        total_ms += job.engine_ms
        total_work += work(method, job.width, job.height, brush=brush_of(job), style=job.style,
                           iterations=job.progress or job.iterations, size=job.size)
    if total_work < MIN_MEASURED_WORK:
        return _default_rate(method)
    return total_ms / total_work


def seconds(method: str, width: int, height: int, **options) -> int:
    """The estimated painting time, whole seconds (at least 1)."""
    ms = rate(method) * work(method, width, height, **options)
    return max(1, math.ceil(OVERHEAD_SECONDS + ms / 1000))


def for_job(job: Job) -> int | None:
    if job.is_video:  # a clip: from the frames painted so far (None until the first)
        from app.services import videos

        return videos.progress(job)["seconds_left"]
    return seconds(job.method, job.width, job.height, brush=brush_of(job), style=job.style,
                   iterations=job.iterations, size=job.size)


def elapsed(job: Job) -> int:
    """Seconds a running job has been painting (0 otherwise), for the progress bar."""
    if job.status != JobStatus.RUNNING.value or job.started_at is None:
        return 0
    return max(0, int((utcnow() - job.started_at).total_seconds()))


def limit_seconds() -> int:
    """What a fast job may take: Celery's soft limit (app/queue.py), less the margin."""
    soft = max(current_app.config["JOB_TIME_LIMIT"] - 15, 5)
    return int(soft * LIMIT_SHARE)


def refuse_if_too_long(method: str, width: int, height: int, **options) -> int | None:
    """The estimate, or ServiceError 422 `job_too_long` for a fast job over the limit."""
    if method == JobMethod.OPTIMISE.value:
        return None
    estimate = seconds(method, width, height, **options)
    if estimate > limit_seconds():
        raise ServiceError("job_too_long", f"This photo ({width}x{height}) would take about "
                       f"{describe(estimate)} to paint here, more than a painter may spend on one "
                       f"photo ({describe(limit_seconds())}). Choose a broader brush or send a "
                       "smaller photo; nothing was charged.", 422)
    return estimate


def describe(total: int) -> str:
    """"1 second", "40 seconds", "3 minutes": for people."""
    if total < 90:
        return f"{total} second{'s' if total != 1 else ''}"
    return f"{round(total / 60)} minutes"
