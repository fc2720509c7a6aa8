"""Celery tasks. Imported by workers only; TensorFlow loads lazily, inside them."""
from __future__ import annotations

import logging

from celery import shared_task, signals
from flask import current_app

from app.queue import PURGE_TASK, STYLIZE_TASK, SWEEP_TASK

log = logging.getLogger(__name__)
# (height, width): what the brushes paint phone photos at (4:3 and 3:2, models/brush.py);
# previews paint at the same sizes.
BRUSH_SIZES = ((960, 1280), (853, 1280), (600, 800), (533, 800))


def engine():
    """This process's engine: the six networks, loaded once."""
    from models.engine import get_engine

    return get_engine(current_app.config["PRETRAINED_DIR"])


@shared_task(name=STYLIZE_TASK, bind=True, max_retries=None)
def stylize(self, job_id: str) -> str:
    from app.services import runner

    try:
        return runner.run_job(job_id, engine())
    except runner.StillRunning:
        # A duplicate delivery (or a redelivery right after a worker died):
        # look again once a dead worker's heartbeat would have gone stale.
        raise self.retry(countdown=current_app.config["JOB_HEARTBEAT"] * 3 + 1)
    except Exception as exc:
        # Unexpected errors are retried; the job row counts attempts, and a
        # job out of attempts is failed and refunded on its next delivery.
        log.exception("job %s raised; retrying", job_id)
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 30))


@shared_task(name=SWEEP_TASK)
def sweep() -> int:
    from app.services import sweeper

    return sweeper.sweep()


@shared_task(name=PURGE_TASK)
def purge_expired() -> int:
    from app.services import previews, retention

    previews.purge_expired()  # free previews expire after PREVIEW_TTL_HOURS
    return retention.purge_expired()


@shared_task(name="previews.render")
def render_previews(set_id: str) -> str:
    """The free previews of one photo, all six styles in one pass (no credit, no job)."""
    from app.services import previews

    return previews.render(set_id, engine())


@signals.worker_process_init.connect
def _warm_up(**_kwargs) -> None:
    """Each pool process loads and traces the networks before its first job.
    (Never in the parent: TensorFlow must not be loaded before a fork.)"""
    from celery import current_app as celery_app

    with celery_app.flask_app.app_context():
        if not current_app.config["WORKER_WARM_UP"]:
            return
        engine().warm_up()
        engine().warm_up(BRUSH_SIZES)  # broad and medium on the usual phone photos
