"""Celery tasks. Imported by workers only; TensorFlow loads lazily, inside them."""
from __future__ import annotations

import logging

from celery import shared_task, signals
from flask import current_app

from app.queue import STYLIZE_TASK, SWEEP_TASK

log = logging.getLogger(__name__)


def engine():
    """This process's engine: the six networks, loaded once."""
    from models.engine import get_engine

    return get_engine(current_app.config["PRETRAINED_DIR"])


@shared_task(name=STYLIZE_TASK, bind=True, max_retries=None)
def stylize(self, job_id: str) -> str:
    from app.services import runner

    try:
        return runner.run_job(job_id, engine())
    except Exception as exc:
        # Unexpected errors are retried until the job's attempts run out;
        # the job row counts attempts, so redeliveries are bounded too.
        log.exception("job %s raised; retrying", job_id)
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 30))


@shared_task(name=SWEEP_TASK)
def sweep() -> int:
    from app.services import sweeper

    return sweeper.sweep()


@signals.worker_ready.connect
def _warm_up(sender=None, **_kwargs) -> None:
    """Load and trace the networks before the first job, not during it.
    (A prefork pool loads them lazily in each child instead: never before a fork.)"""
    from celery import current_app as celery_app

    if "prefork" in type(getattr(sender, "pool", None)).__module__:
        return
    with celery_app.flask_app.app_context():
        engine().warm_up()
