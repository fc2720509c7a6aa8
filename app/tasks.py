"""Celery tasks. Imported by workers only; TensorFlow loads lazily, inside them."""
from __future__ import annotations

import logging
import os
import signal
import threading

from celery import shared_task, signals
from flask import current_app

from app.queue import (MIX_PREVIEW_TASK, PREVIEWS_TASK, PURGE_TASK, RESET_MAIL_TASK, STYLIZE_TASK,
                       SWEEP_TASK)

log = logging.getLogger(__name__)
# (height, width): what the brushes paint phone photos at (4:3 and 3:2, models/brush.py);
# previews paint at the same sizes.
BRUSH_SIZES = ((960, 1280), (853, 1280), (600, 800), (533, 800))


def engine():
    """This process's engine: the six networks, loaded once."""
    from models.engine import get_engine

    return get_engine(current_app.config["PRETRAINED_DIR"])


class WorkerStopping(Exception):
    """SIGTERM reached a pool process while it painted: the job goes back to the queue."""


def _give_back(_signum, _frame) -> None:
    raise WorkerStopping()  # the runner puts the job row back to queued on its way out


@shared_task(name=STYLIZE_TASK, bind=True, max_retries=None)
def stylize(self, job_id: str) -> str:
    from app.services import claims, runner

    # While this job runs, SIGTERM gives it back at once, rather than painting on for
    # minutes (a masterpiece) or dying with the job row still marked running.
    # (Installed here: billiard sets its own SIGTERM handler after a pool process starts.)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _give_back) if in_main_thread else None
    try:
        return runner.run_job(job_id, engine())
    except WorkerStopping:
        # The message is not acknowledged (acks_late): the broker delivers it again,
        # to this worker once restarted or to another one.
        log.warning("stopping: job %s given back to the queue", job_id)
        os._exit(128 + signal.SIGTERM)
    except claims.StillRunning:
        # A duplicate delivery (or a redelivery right after a worker died):
        # look again once a dead worker's heartbeat would have gone stale.
        raise self.retry(countdown=current_app.config["JOB_HEARTBEAT"] * 3 + 1)
    except Exception as exc:
        # Unexpected errors are retried; the job row counts attempts, and a
        # job out of attempts is failed and refunded on its next delivery.
        log.exception("job %s raised; retrying", job_id)
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 30))
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


@shared_task(name=SWEEP_TASK)
def sweep() -> int:
    from app.services import sweeper

    return sweeper.sweep()


@shared_task(name=PURGE_TASK)
def purge_expired() -> int:
    from app.services import accounts, previews, retention

    previews.purge_expired()  # free previews expire after PREVIEW_TTL_HOURS
    accounts.purge_ended_sessions()  # log-ins older than LOGIN_SESSION_DAYS
    return retention.purge_expired()


@shared_task(name=PREVIEWS_TASK)
def render_previews(set_id: str) -> str:
    """The free previews of one photo, all six styles in one pass (no credit, no job)."""
    from app.services import previews

    return previews.render(set_id, engine())


@shared_task(name=MIX_PREVIEW_TASK)
def render_mix_preview(set_id: str) -> str:
    """The free preview of one photo in one mix of paintings (no credit, no job)."""
    from app.services import mix_previews

    return mix_previews.render(set_id, engine())


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
        _warm_mixes()


def _warm_mixes() -> None:
    """The six paintings' style vectors, for mixes (models/mix.py), before the first one."""
    from models.arbitrary import warm_paintings
    from models.catalogue import slugs

    try:
        warm_paintings(slugs(), current_app.config["ARBITRARY_DIR"])
    except Exception:  # noqa: BLE001 - a missing painting fails its mix jobs, not the worker
        log.exception("could not read the paintings for mixes")


@shared_task(name=RESET_MAIL_TASK)
def send_password_reset(email: str) -> bool:
    """A password-reset link, mailed from a worker (the request only queued the address)."""
    from app.services import password_reset

    return password_reset.send_link(email)
