"""Retention: finished jobs older than RESULT_RETENTION_DAYS are deleted for real,
photo and result included. 0 keeps results until their owner deletes them."""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow
from app.services import jobs

log = logging.getLogger(__name__)


def purge_expired(days: int | None = None, batch: int = 200) -> int:
    days = current_app.config["RESULT_RETENTION_DAYS"] if days is None else days
    if days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    expired = list(db.session.scalars(sa.select(Job).where(
        Job.status.in_([JobStatus.DONE.value, JobStatus.FAILED.value]),
        Job.finished_at < cutoff).limit(batch)))
    for job in expired:
        jobs.delete(job)
    if expired:
        log.info("retention: deleted %d jobs finished before %s", len(expired), cutoff.date())
    return len(expired)
