"""Jobs are never lost: dead workers, lost broker messages, many jobs at once.
Real worker processes on the real brokers of this machine."""
from __future__ import annotations

import secrets
import threading

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.records import CreditEntry, Job, StoredImage
from app.services import accounts, credits, jobs
from tests.app import photos
from tests.app.brokers import broker_or_skip, flush_redis, redis_or_skip
from tests.app.workers import Worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.production]
# Fast clocks for tests: a dead worker's heartbeat is stale after 3 s.
FAST = {"JOB_HEARTBEAT": "1", "JOB_STALE_AFTER": "2", "SWEEP_INTERVAL": "1"}


@pytest.fixture
def cluster(app, app_settings, database_url, tmp_path):
    """A site and a way to start workers, all on one broker and one database."""
    started: list[Worker] = []
    queue = f"test-{secrets.token_hex(4)}"

    def make(broker_url: str):
        site = create_app({**app_settings, "CELERY_BROKER_URL": broker_url, "CELERY_QUEUE": queue,
                           "BROKER_DIR": str(tmp_path / "broker")})

        def worker(name: str, beat: bool = False) -> Worker:
            w = Worker(name, database_url, broker_url, str(tmp_path / "broker"), tmp_path,
                       extra_env={**FAST, "CELERY_QUEUE": queue}, beat=beat)
            started.append(w)
            return w.start()
        return site, worker

    yield make
    for w in started:
        w.stop()


def job_status(job_id: str) -> str:
    db.session.expire_all()
    return db.session.get(Job, job_id).status


def entries(job_id: str) -> list[str]:
    return sorted(db.session.scalars(sa.select(CreditEntry.kind).where(CreditEntry.job_id == job_id)))


@pytest.mark.parametrize("broker", ["redis", "rabbitmq"])
def test_a_worker_killed_mid_job_is_finished_by_another_charged_once_stored_once(
        cluster, broker):
    site, start_worker = cluster(broker_or_skip(broker))
    with site.app_context():
        user = accounts.create_user("kill@example.com", "a long enough password")
        doomed = start_worker("doomed")
        # ~2 MP: long enough to be killed while painting, short enough for the rescue.
        job = jobs.submit(user.id, photos.textured_jpeg(1600, 1200), "wave")
        wait_for(lambda: job_status(job.id) == "running", timeout=60, what="the job to start")
        doomed.kill()
        assert job_status(job.id) == "running"
        start_worker("rescuer", beat=True)
        wait_for(lambda: job_status(job.id) == "done", timeout=120, what="the rescue")
        finished = db.session.get(Job, job.id)
        assert finished.attempts == 2
        assert entries(job.id) == ["spend"]  # charged once, never refunded
        assert credits.balance(user.id) == 2
        results = db.session.scalar(sa.select(sa.func.count()).select_from(StoredImage).where(
            StoredImage.owner_id == user.id, StoredImage.role == "result"))
        assert results == 1  # stored once


def test_jobs_whose_messages_redis_lost_are_all_brought_home_by_the_sweeper(cluster):
    site, start_worker = cluster(redis_or_skip())
    with site.app_context():
        user = accounts.create_user("flush@example.com", "a long enough password")
        submitted = [jobs.submit(user.id, photos.textured_jpeg(96, 64, seed=i), "udnie").id
                     for i in range(3)]
        flush_redis()  # as if Redis restarted: it keeps nothing on disk here
        start_worker("after-restart", beat=True)
        wait_for(lambda: all(job_status(j) == "done" for j in submitted), timeout=120,
                 what="every job to come home")
        assert credits.balance(user.id) == 0


def test_fifty_jobs_from_five_users_with_two_workers_all_finish_with_exact_ledgers(cluster):
    site, start_worker = cluster(redis_or_skip())
    with site.app_context():
        users = [accounts.create_user(f"user{i}@example.com", "a long enough password")
                 for i in range(5)]
        for u in users:
            credits.grant(u, 7, "test top-up")
        user_ids = [u.id for u in users]
    start_worker("one", beat=True)
    start_worker("two")
    barrier = threading.Barrier(5)
    errors: list[BaseException] = []

    def submit_ten(user_id: str, seed: int) -> None:
        with site.app_context():
            barrier.wait()
            try:
                for i in range(10):
                    jobs.submit(user_id, photos.textured_jpeg(128, 96, seed=seed * 10 + i), "wave")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=submit_ten, args=(uid, n)) for n, uid in enumerate(user_ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with site.app_context():
        def all_done():
            db.session.expire_all()
            statuses = db.session.scalars(sa.select(Job.status)).all()
            return len(statuses) == 50 and all(s == "done" for s in statuses)

        wait_for(all_done, timeout=240, what="50 jobs")
        for uid in user_ids:
            assert credits.balance(uid) == 0  # 3 free + 7 granted - 10 spent
            kinds = db.session.scalars(sa.select(CreditEntry.kind).where(CreditEntry.user_id == uid)).all()
            assert sorted(kinds).count("spend") == 10 and "job_refund" not in kinds
