"""Celery, bound to the Flask app (the pattern from Flask's docs), and enqueueing.

The broker carries only job ids; the database row is the truth. The embedded
default is kombu's filesystem transport: one machine, no server to run.
"""
from __future__ import annotations

import logging
from pathlib import Path

from celery import Celery, Task
from flask import Flask, current_app

log = logging.getLogger(__name__)
# Every task's name, here only: the web sends by name (it never imports app/tasks.py).
STYLIZE_TASK = "jobs.stylize"
SWEEP_TASK = "jobs.sweep"
PURGE_TASK = "jobs.purge_expired"
PREVIEWS_TASK = "previews.render"
MIX_PREVIEW_TASK = "previews.mix"
RESET_MAIL_TASK = "mail.password_reset"


def _broker_options(app: Flask) -> dict:
    folder = Path(app.config["BROKER_DIR"])
    folder.mkdir(parents=True, exist_ok=True)  # also holds the beat schedule
    url = app.config["CELERY_BROKER_URL"]
    if url.startswith(("redis", "rediss")):
        # Redis hands an unacknowledged job to another worker only after this;
        # the sweeper rescues a dead worker's job much sooner.
        longest = max(app.config["JOB_TIME_LIMIT"], app.config["MASTERPIECE_TIME_LIMIT"] + 120)
        return {"visibility_timeout": longest * 2}
    if not url.startswith("filesystem"):
        return {}
    for sub in ("messages", "control"):
        (folder / sub).mkdir(exist_ok=True)
    # Both directions share one folder: producers and consumers are on one machine.
    return {"data_folder_in": str(folder / "messages"), "data_folder_out": str(folder / "messages"),
            "control_folder": str(folder / "control"), "polling_interval": 0.05}


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask, include=["app.tasks"])
    celery_app.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        broker_transport_options=_broker_options(app),
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        task_default_queue=app.config["CELERY_QUEUE"],
        # At-least-once: a job is acknowledged only after it finished, and a
        # job whose worker died goes back to the queue.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # On SIGTERM, a worker waits this long for a running job, then stops its pool
        # process, which gives the job back (app/tasks.py); not a masterpiece's minutes.
        worker_soft_shutdown_timeout=5.0,
        task_time_limit=app.config["JOB_TIME_LIMIT"],
        task_soft_time_limit=max(app.config["JOB_TIME_LIMIT"] - 15, 5),
        beat_schedule={"sweep": {"task": SWEEP_TASK,
                                 "schedule": float(app.config["SWEEP_INTERVAL"])},
                       "retention": {"task": PURGE_TASK, "schedule": 3600.0}},
        beat_schedule_filename=str(Path(app.config["BROKER_DIR"]) / "beat-schedule"),
        # Prefork: the parent keeps talking to the broker while a child paints,
        # and hard time limits can stop a stuck child. One child per GPU.
        worker_pool="prefork",
        worker_concurrency=app.config["WORKER_CONCURRENCY"],
        # A broker that is down must not hang a web request: the job row is
        # already committed and the sweeper will send it again.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0,
                                   "interval_step": 0.2, "interval_max": 0.5},
    )
    celery_app.flask_app = app
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def enqueue(job_id: str, masterpiece: bool = False) -> bool:
    """Send a job id to the workers. A broker that is down loses nothing:
    the job row stays queued and the sweeper sends it again. A masterpiece goes to
    MASTERPIECE_QUEUE with time limits of its own: it stops itself, with the picture
    it has, after MASTERPIECE_TIME_LIMIT; Celery's limits are the backstop."""
    config = current_app.config
    options = {}
    if masterpiece:
        options = {"queue": config["MASTERPIECE_QUEUE"] or config["CELERY_QUEUE"],
                   "soft_time_limit": config["MASTERPIECE_TIME_LIMIT"] + 60,
                   "time_limit": config["MASTERPIECE_TIME_LIMIT"] + 120}
    return send(STYLIZE_TASK, job_id, **options)


def send(task: str, *args, **options) -> bool:
    """Send a task by name. A broker that is down is logged, never raised: whatever
    waits on the task is in the database, and is sent again (the sweeper, a poll) or
    asked for again by the person."""
    try:
        current_app.extensions["celery"].send_task(task, args=list(args), **options)
        return True
    except Exception:  # noqa: BLE001 - any broker failure
        log.exception("could not send %s%s", task, args)
        return False
