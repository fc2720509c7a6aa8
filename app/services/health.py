"""The job system's health, for the worker health command."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow


def job_counts() -> dict[str, int]:
    rows = db.session.execute(sa.select(Job.status, sa.func.count()).group_by(Job.status))
    return {status: n for status, n in rows}


def stale_jobs() -> int:
    cutoff = utcnow() - timedelta(seconds=current_app.config["JOB_STALE_AFTER"])
    return db.session.scalar(sa.select(sa.func.count()).select_from(Job).where(
        Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]), Job.updated_at < cutoff))


def broker_reachable(timeout: float = 3.0) -> bool:
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:  # noqa: BLE001 - any transport error means "not reachable"
        return False


def workers_answering(timeout: float = 2.0) -> list[str]:
    replies = current_app.extensions["celery"].control.ping(timeout=timeout) or []
    return sorted(name for reply in replies for name in reply)
