"""The sweeper: re-sends jobs that sat queued or running too long, so that a
broker that lost its messages or a worker that died loses no job."""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import queue
from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow
from app.services import runner

log = logging.getLogger(__name__)


def sweep() -> int:
    """Re-enqueue stale jobs (or fail those out of attempts); returns how many were touched."""
    now = utcnow()
    # Queued too long: its message may be lost. Running with no heartbeat: its worker died.
    queued_before = now - timedelta(seconds=current_app.config["JOB_STALE_AFTER"])
    beat_before = now - timedelta(seconds=current_app.config["JOB_HEARTBEAT"] * 3)
    stale = list(db.session.scalars(sa.select(Job).where(sa.or_(
        sa.and_(Job.status == JobStatus.QUEUED.value, Job.updated_at < queued_before),
        sa.and_(Job.status == JobStatus.RUNNING.value, Job.updated_at < beat_before),
    )).order_by(Job.created_at).limit(500)))
    # Painters claim the fairest queued job whatever message woke them (claims.claim),
    # so a queued job waiting its turn behind a bulk client's is not lost: while jobs of
    # its method keep moving (running, or finished lately), messages are still coming.
    # Re-send once they stall, or after five periods whatever happens.
    moving = set(db.session.scalars(sa.select(Job.method).where(
        Job.status != JobStatus.QUEUED.value, Job.updated_at >= queued_before).distinct()))
    long_ago = now - timedelta(seconds=current_app.config["JOB_STALE_AFTER"] * 5)
    stale = [job for job in stale if not (job.status == JobStatus.QUEUED.value
                                          and job.method in moving and job.updated_at >= long_ago)]
    for job in stale:
        if job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
            runner.fail(job, runner.FAILED_MESSAGE)
            continue
        # Back to queued (its worker is gone) and touched, so the next sweep
        # leaves it alone for another period.
        db.session.execute(sa.update(Job).where(Job.id == job.id, Job.status == job.status)
                           .values(status=JobStatus.QUEUED.value, updated_at=utcnow()))
        db.session.commit()
        queue.enqueue(job.id, masterpiece=job.is_masterpiece or job.is_video)  # long jobs' queue
    if stale:
        log.info("sweeper re-sent or failed %d stale jobs", len(stale))
    return len(stale)
