"""Masterpiece jobs on the web side: their settings and price, stopping them, the
unused part given back when one stops early, and their progress as plain data. (The
painting itself is app/services/masterpiece_worker.py, on the worker.) No TensorFlow here."""
from __future__ import annotations

import math

import sqlalchemy as sa
from flask import current_app

from app.config import MASTERPIECE_MIN_SIZE
from app.extensions import db
from app.records import Job, JobMethod, JobStatus
from app.records.common import utcnow
from app.services import credits, storage
from app.services.errors import ServiceError

METHODS = tuple(m.value for m in JobMethod)
INSTANT_COST = 1  # credits; a masterpiece is priced by what is painted (price below)
STYLE_WEIGHT_RANGE = (1.0, 1000.0)  # content is 1: 30 balanced, 100 strong (the loss network's README)
STOPPED_BEFORE_START = "Stopped before painting began. Your credits have been returned."


def settings(method: str | None = None, iterations: int | None = None,
             style_weight: float | None = None, size: int | None = None) -> dict:
    """The job's columns for a method and its settings (defaults filled in), with its
    price in credits. Raises ServiceError (422) naming the setting that is out of range."""
    method = method or JobMethod.FAST.value
    if method not in METHODS:
        raise ServiceError("invalid_method", "method must be 'fast' or 'optimise'.", 422)
    if method == JobMethod.FAST.value:
        if (iterations, style_weight, size) != (None, None, None):
            raise ServiceError("invalid_settings", "iterations, style_weight and size are settings of "
                                               "method 'optimise' only.", 422)
        return {"method": method, "cost": INSTANT_COST}
    config = current_app.config
    iterations = config["MASTERPIECE_ITERATIONS"] if iterations is None else iterations
    size = config["MASTERPIECE_SIZE"] if size is None else size
    style_weight = 30.0 if style_weight is None else style_weight
    if not 1 <= iterations <= config["MASTERPIECE_MAX_ITERATIONS"]:
        raise ServiceError("invalid_iterations", "iterations must be a whole number from 1 to "
                                             f"{config['MASTERPIECE_MAX_ITERATIONS']}.", 422)
    if not MASTERPIECE_MIN_SIZE <= size <= config["MASTERPIECE_MAX_SIZE"]:
        raise ServiceError("invalid_size", f"size must be from {MASTERPIECE_MIN_SIZE} to "
                                           f"{config['MASTERPIECE_MAX_SIZE']} pixels.", 422)
    low, high = STYLE_WEIGHT_RANGE
    if not (math.isfinite(style_weight) and low <= style_weight <= high):
        raise ServiceError("invalid_style_weight", f"style_weight must be from {low:g} to {high:g}.", 422)
    return {"method": method, "cost": price(size, size, size, iterations), "iterations": iterations,
            "size": size, "style_weight": float(style_weight)}


def price(width: int, height: int, size: int, iterations: int) -> int:
    """Credits for painting a width x height photo at `size` (its longest side; never
    enlarged) for `iterations`: pixels x iterations, where MASTERPIECE_COST buys the
    default masterpiece of a square photo. At least 1, so a small one fits a new account."""
    config = current_app.config
    unit = config["MASTERPIECE_SIZE"] ** 2 * config["MASTERPIECE_ITERATIONS"] / config["MASTERPIECE_COST"]
    painted_w, painted_h = storage.fitted_size(width, height, size)
    return max(1, math.ceil(painted_w * painted_h * iterations / unit - 1e-9))


def priced(plan: dict, width: int, height: int) -> dict:
    """`settings`' plan with the price of this photo (settings alone assume a square one)."""
    if plan["method"] != JobMethod.OPTIMISE.value:
        return plan
    return {**plan, "cost": price(width, height, plan["size"], plan["iterations"])}


def settle(job: Job, iterations_done: int) -> int:
    """A masterpiece that ended early gives back the part of what it cost that was not
    painted, pro rata of the iterations not done, rounded down, as one ledger entry (in
    the caller's transaction). From the job's own cost, so the worker's settings cannot
    change it. Returns the credits given back."""
    if not job.is_masterpiece or not job.iterations or iterations_done >= job.iterations:
        return 0
    back = job.cost * (job.iterations - max(iterations_done, 0)) // job.iterations
    if back > 0 and not credits.returned_unused(job.id):
        credits.add_entry(job.user_id, back, credits.EntryKind.UNUSED_REFUND,
                          f"Masterpiece stopped at {iterations_done} of {job.iterations}: "
                          "unused credits returned", job_id=job.id)
        return back
    return 0


def returned(job: Job) -> int:
    """Credits given back for the unused part of a stopped masterpiece (0 if none)."""
    return credits.returned_unused(job.id)


def request_stop(job: Job) -> str:
    """Ask a masterpiece to stop and keep the picture it has. A job not yet started
    is failed and refunded instead (there is no picture to keep). Returns the job's
    status afterwards; raises ServiceError for fast or finished jobs."""
    if not job.is_masterpiece:
        raise ServiceError("not_stoppable", "Only a masterpiece can be stopped early.", 409)
    if job.finished:
        raise ServiceError("job_finished", "This job has already finished.", 409)
    now = utcnow()
    # One conditional update: a worker claiming the job at this moment wins or loses whole.
    cancelled = db.session.execute(
        sa.update(Job).where(Job.id == job.id, Job.status == JobStatus.QUEUED.value)
        .values(status=JobStatus.FAILED.value, error=STOPPED_BEFORE_START, stop_requested=True,
                finished_at=now, updated_at=now)).rowcount
    if cancelled:
        credits.refund_job(job.user_id, job.id)
    else:
        db.session.execute(sa.update(Job).where(Job.id == job.id).values(stop_requested=True))
    db.session.commit()
    db.session.refresh(job)
    return job.status


def progress(job: Job) -> dict | None:
    """How far a masterpiece has come, for the pages and the API; None for fast jobs."""
    if not job.is_masterpiece:
        return None
    total = job.iterations or 0
    return {"iteration": job.progress, "iterations": total,
            "fraction": round(job.progress / total, 3) if total else 0.0,
            "stop_requested": job.stop_requested, "has_picture": job.progress_image_id is not None
            or job.result_preview_id is not None}
