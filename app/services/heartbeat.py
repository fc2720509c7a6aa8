"""A running job's heartbeat: while a worker paints, it touches the job row, so
the sweeper can tell a slow job from one whose worker died."""
from __future__ import annotations

import contextlib
import threading

import sqlalchemy as sa

from app.extensions import db
from app.records import Job
from app.records.common import utcnow


@contextlib.contextmanager
def beating(job_id: str, interval: float):
    engine = db.engine  # thread-safe; the session is not
    stop = threading.Event()

    def beat():
        while not stop.wait(interval):
            with engine.begin() as conn:
                conn.execute(sa.update(Job).where(Job.id == job_id, Job.status == "running")
                             .values(updated_at=utcnow()))

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(interval + 5)
