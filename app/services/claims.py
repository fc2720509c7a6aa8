"""Which job a woken painter takes: a fair, conditional claim on the job rows.

The broker's message only wakes a painter; the database decides what it paints, so
one user's hundred jobs take turns with everyone else's, and a job whose worker died
(its heartbeat stopped) is taken again.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow

FAIREST_LIMIT = 5
CLAIM_ROUNDS = 4  # of FAIREST_LIMIT candidates each, when other painters keep claiming them first


class StillRunning(Exception):
    """Another worker's heartbeat says it is painting this job right now."""


def fairest_queued(job: Job) -> list[str]:
    """Queued jobs of the same method, fairest first: the user with the fewest jobs
    running, then the one served longest ago (never served first), then the job this
    message is for, then the oldest. One user's hundred jobs then take turns with
    everyone else's, and nobody waits for more than about one job per painter."""
    users = sa.select(Job.user_id).where(Job.status == JobStatus.QUEUED.value,
                                         Job.method == job.method).distinct()
    served = (sa.select(Job.user_id,
                        sa.func.sum(sa.case((Job.status == JobStatus.RUNNING.value, 1), else_=0))
                        .label("running"),
                        sa.func.max(Job.started_at).label("last_started"))
              .where(Job.user_id.in_(users)).group_by(Job.user_id).subquery())
    return list(db.session.scalars(
        sa.select(Job.id).join(served, served.c.user_id == Job.user_id)
        .where(Job.status == JobStatus.QUEUED.value, Job.method == job.method)
        .order_by(served.c.running, sa.nulls_first(served.c.last_started.asc()),
                  sa.case((Job.id == job.id, 0), else_=1), Job.created_at, Job.id)
        .limit(FAIREST_LIMIT)))


def claim(job_id: str) -> Job | None:
    """Mark a job running and count the attempt; None if there is nothing to do.

    The broker's message only wakes a painter. Its own job, running with a stopped
    heartbeat (its worker died), is claimed again; otherwise the painter claims the
    fairest queued job of the same method (fairest_queued), which may be another
    one than the message names: every queued job has a message of its own, so
    whichever message comes, each job is claimed once. With nothing queued and its
    own job running with a live heartbeat, it raises StillRunning."""
    named = db.session.get(Job, job_id)
    if named is None:
        return None
    now = utcnow()
    dead = now - timedelta(seconds=current_app.config["JOB_HEARTBEAT"] * 3)
    claim = sa.update(Job).values(status=JobStatus.RUNNING.value, attempts=Job.attempts + 1,
                                  progress=0, started_at=now, updated_at=now)
    if named.status == JobStatus.RUNNING.value:
        orphan = db.session.execute(claim.where(
            Job.id == job_id, Job.status == JobStatus.RUNNING.value, Job.updated_at < dead)).rowcount
        db.session.commit()
        if orphan:
            return fresh(job_id)
    for _ in range(CLAIM_ROUNDS):
        candidates = fairest_queued(named)
        for candidate in candidates:  # another painter may claim one first: then the next
            claimed = db.session.execute(claim.where(
                Job.id == candidate, Job.status == JobStatus.QUEUED.value)).rowcount
            db.session.commit()
            if claimed:
                return fresh(candidate)
        if len(candidates) < FAIREST_LIMIT:
            break
    if fresh(job_id).status == JobStatus.RUNNING.value:
        raise StillRunning(job_id)
    return None


def fresh(job_id: str) -> Job:
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job
