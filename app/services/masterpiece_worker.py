"""The worker side of a masterpiece (models/optimise.py, Gatys et al.).

While the picture forms, the job row gets its progress and the latest picture
every MASTERPIECE_PREVIEW_SECONDS (which also serves as its heartbeat). The painting
stops early, keeping the picture it has, when its owner asks or when it reaches
MASTERPIECE_TIME_LIMIT. Stopped by its owner, the result is exactly the last picture
the job page showed. Worker only: this module loads TensorFlow.
"""
from __future__ import annotations

import logging
import time

import numpy as np
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.records import Job, JobStatus
from app.records.common import utcnow
from app.services import storage

log = logging.getLogger(__name__)


class _Reporter:
    """The optimiser's callback: stores progress now and then; True means stop."""

    def __init__(self, job: Job, finish, every: float, deadline: float):
        self.job_id, self.user_id, self.finish = job.id, job.user_id, finish
        self.every, self.deadline = every, deadline
        self.last = -float("inf")  # the first iteration shows at once
        self.timed_out = self.stopped = False
        self.shown: tuple[int, np.ndarray] | None = None  # the last picture stored, as painted

    def __call__(self, iteration: int, total: int, picture: np.ndarray) -> bool:
        now = time.monotonic()
        if now >= self.deadline:
            self.timed_out = True
            return True
        if now - self.last < self.every:
            return False
        self.last = now
        return self.store(iteration, picture)

    def store(self, iteration: int, picture: np.ndarray) -> bool:
        old, stop = db.session.execute(sa.select(Job.progress_image_id, Job.stop_requested)
                                       .where(Job.id == self.job_id)).one()
        db.session.commit()
        if stop and self.shown is not None:  # keep what its owner saw when they asked
            self.stopped = True
            return True
        image = storage.store_array(self.user_id, "progress", self.finish(picture),
                                    longest=storage.DISPLAY_LONGEST)
        touched = db.session.execute(
            sa.update(Job).where(Job.id == self.job_id, Job.status == JobStatus.RUNNING.value)
            .values(progress=iteration, progress_image_id=image.id, updated_at=utcnow())).rowcount
        if not touched:  # no longer ours to paint (finished or stopped elsewhere)
            db.session.rollback()
            return True
        storage.delete(old)
        db.session.commit()
        self.shown = (iteration, picture)
        return bool(stop)


def paint(job: Job, photo: np.ndarray, style) -> tuple[np.ndarray, int]:
    """`photo` painted by optimisation in `style` (a catalogue slug, or the pixels of
    the user's own painting) with the job's settings and options. Returns the
    picture (at most job.size on its longest side) and the iterations done."""
    from models import images as imaging, installed, optimise, pipeline

    config = current_app.config
    painting = style if isinstance(style, np.ndarray) else imaging.read_picture(installed.painting_file(style))
    settings = optimise.PaintSettings(iterations=job.iterations, size=job.size,
                                      style_weight=job.style_weight, report_every=1)
    painter = optimise.Painter(photo, painting, settings)

    def finish(picture: np.ndarray) -> np.ndarray:
        return pipeline.adjusted(painter.photo, picture, strength=job.strength,
                                 preserve_colors=job.preserve_colors)

    reporter = _Reporter(job, finish, float(config["MASTERPIECE_PREVIEW_SECONDS"]),
                         time.monotonic() + config["MASTERPIECE_TIME_LIMIT"])
    result = painter.run(reporter)
    iterations, picture = result.iterations, result.image
    if reporter.stopped:
        iterations, picture = reporter.shown
        log.info("job %s stopped by its owner at iteration %d", job.id, iterations)
    elif reporter.timed_out:
        log.info("job %s reached the masterpiece time limit at iteration %d", job.id, iterations)
    return finish(picture), iterations
