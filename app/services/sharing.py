"""Public links to one finished picture: made and revoked by its owner, opened by anyone
who has the link. The link shows the picture and its style, never account data."""
from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from flask import abort

from app.extensions import db
from app.records import Job, JobStatus, ShareLink
from app.services.errors import ServiceError

TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")  # secrets.token_urlsafe(32): 43 characters


def link_for(job: Job) -> ShareLink | None:
    return db.session.scalar(sa.select(ShareLink).where(ShareLink.job_id == job.id))


def share(job: Job) -> ShareLink:
    """The job's public link, made once (sharing again returns the same link)."""
    if job.status != JobStatus.DONE.value:
        raise ServiceError("job_not_done", "Only a finished picture can be shared.", 409)
    link = link_for(job)
    if link is None:
        link = ShareLink(job_id=job.id, user_id=job.user_id, token=secrets.token_urlsafe(32))
        db.session.add(link)
        db.session.commit()
    return link


def unshare(job: Job) -> bool:
    """Revoke the job's link; the old address answers 404 from now on."""
    gone = db.session.execute(sa.delete(ShareLink).where(ShareLink.job_id == job.id)).rowcount
    db.session.commit()
    return bool(gone)


def shared_job(token: str) -> Job:
    """The finished job a link points to, or 404 (unknown, revoked, or deleted)."""
    if not TOKEN.fullmatch(token or ""):
        abort(404)
    job = db.session.scalar(sa.select(Job).join(ShareLink, ShareLink.job_id == Job.id)
                            .where(ShareLink.token == token, Job.status == JobStatus.DONE.value))
    if job is None:
        abort(404)
    return job
