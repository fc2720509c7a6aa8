"""Job-path throughput and overhead, measured in one run.

Prints jobs per minute with 1 and 2 workers on the embedded broker and on
Redis for 1-megapixel photos, and the overhead per job (submit-to-done time
minus engine time) at the median and 95th percentile.

    .venv/bin/python bench/jobs.py [--jobs 12]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.records import Job  # noqa: E402
from app.services import accounts, credits, jobs  # noqa: E402
from tests.app.photos import textured_jpeg  # noqa: E402
from tests.app.workers import Worker, wait_for  # noqa: E402

REDIS = "redis://127.0.0.1:6379/8"


def run(broker: str, workers: int, count: int, photo: bytes, tmp: Path) -> dict:
    folder = tmp / f"{broker.split(':')[0]}-{workers}"
    folder.mkdir()
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    settings = {"SQLALCHEMY_DATABASE_URI": url, "CELERY_BROKER_URL": broker,
                "BROKER_DIR": str(folder / "broker"), "CELERY_QUEUE": f"bench-{folder.name}"}
    site = create_app(settings)
    env = {"CELERY_QUEUE": settings["CELERY_QUEUE"]}
    with site.app_context():
        upgrade()
        user = accounts.create_user("bench@example.com", "bench password", free_credits=0)
        credits.grant(user, count * 2, "bench")
        if broker.startswith("redis"):
            import redis
            redis.Redis.from_url(broker).flushdb()
        pool = [Worker(f"bench{i}", url, broker, str(folder / "broker"), folder, extra_env=env).start()
                for i in range(workers)]
        try:
            # Warm-up job per worker so start-up is not counted.
            warm = [jobs.submit(user.id, photo, "wave").id for _ in range(workers)]
            wait_for(lambda: _all_done(warm), timeout=300, what="warm-up")
            # Throughput: a burst of jobs.
            started = time.perf_counter()
            burst = [jobs.submit(user.id, photo, "wave").id for _ in range(count)]
            wait_for(lambda: _all_done(burst), timeout=900, interval=0.05, what="burst")
            per_minute = count / (time.perf_counter() - started) * 60
            # Overhead: one job at a time, so no job waits behind another.
            overheads = []
            for _ in range(max(6, count // 2)):
                job_id = jobs.submit(user.id, photo, "wave").id
                wait_for(lambda: _all_done([job_id]), timeout=120, interval=0.02, what="job")
                job = db.session.get(Job, job_id)
                total_ms = (job.finished_at - job.created_at).total_seconds() * 1000
                overheads.append(total_ms - job.engine_ms)
        finally:
            for w in pool:
                w.stop()
    overheads.sort()
    return {"per_minute": per_minute, "median": statistics.median(overheads),
            "p95": overheads[min(len(overheads) - 1, int(round(0.95 * (len(overheads) - 1))))]}


def _all_done(ids: list[str]) -> bool:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Job.status).where(Job.id.in_(ids))).all()
    return len(rows) == len(ids) and all(s in ("done", "failed") for s in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=12)
    args = parser.parse_args()
    photo = textured_jpeg(1000, 1000)
    print(f"{args.jobs} jobs of a 1.0 MP photo per run; style wave")
    print(f"{'broker':<10} {'workers':>7} {'jobs/min':>9} {'overhead p50':>13} {'p95':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, broker in (("embedded", "filesystem://"), ("redis", REDIS)):
            for workers in (1, 2):
                r = run(broker, workers, args.jobs, photo, Path(tmp))
                print(f"{name:<10} {workers:>7} {r['per_minute']:>9.1f} {r['median']:>10.0f} ms "
                      f"{r['p95']:>5.0f} ms", flush=True)


if __name__ == "__main__":
    main()
