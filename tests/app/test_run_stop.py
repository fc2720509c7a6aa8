"""`make run` (scripts/run.sh) stops whole on SIGTERM: the web process, both
workers and the schedule are gone within 10 s, and a masterpiece being painted
goes back to the queue (issue 16). The embedded broker: no Redis, no RabbitMQ."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from app.services import tokens as token_service
from app.extensions import db
from app.records import Job
from app.services import accounts, credits
from tests.app import photos
from tests.app.conftest import PASSWORD
from tests.app.live import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.worker


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def wait_for(check, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise TimeoutError(f"{what} not within {timeout}s:\n{log.read_text(errors='replace')[-4000:]}")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_sigterm_stops_every_part_of_make_run_and_gives_the_job_back(app, database_url, tmp_path):
    port, log = free_port(), tmp_path / "run.log"
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": "filesystem://",
           "BROKER_DIR": str(tmp_path / "broker"), "APP_ENV": "development", "PORT": str(port),
           "HOST": "127.0.0.1", "WORKER_WARM_UP": "false", "PYTHONUNBUFFERED": "1",
           "MAIL_OUTBOX": str(tmp_path / "outbox")}
    user = accounts.create_user("painter@example.com", PASSWORD)
    credits.grant(user, 10, "tests")
    _, token = token_service.issue(user.id, "tests")
    with open(log, "wb") as out:
        run = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(base + "/login") and log.read_text(errors="replace").count(" ready.") >= 2,
                 180, "the site and both workers", log)
        response = requests.post(base + "/api/v1/jobs", headers={"Authorization": f"Bearer {token}"},
                                 files={"photo": ("photo.jpg", photos.jpeg(), "image/jpeg")},
                                 data={"style": "wave", "method": "optimise", "iterations": "1000"},
                                 timeout=30)
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]

        def running() -> bool:
            db.session.expire_all()
            job = db.session.get(Job, job_id)
            return job.status == "running" and (job.progress or 0) > 0
        wait_for(running, 240, "the masterpiece painting", log)
        members = group_members(run.pid)
        assert len(members) >= 4  # run.sh, the web process, two workers (and their children)

        os.kill(run.pid, signal.SIGTERM)
        started = time.monotonic()
        while group_members(run.pid) and time.monotonic() - started < 10:
            run.poll()
            time.sleep(0.1)
        print(f"every part stopped {time.monotonic() - started:.1f} s after SIGTERM")
        left = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                for pid in group_members(run.pid)]
        assert left == [], f"still running 10 s after SIGTERM: {left}\n{log.read_text()[-3000:]}"
        db.session.expire_all()
        assert db.session.get(Job, job_id).status == "queued"  # given back, painted after a restart
    finally:
        if group_members(run.pid):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(10)
