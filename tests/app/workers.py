"""Real Celery worker processes for tests, started as an operator would."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(ROOT / ".venv" / "bin" / "celery")


class Worker:
    def __init__(self, name: str, database_url: str, broker_url: str, broker_dir: str,
                 log_dir: Path, extra_env: dict | None = None, beat: bool = False):
        self.name, self.log_path = name, log_dir / f"worker-{name}.log"
        self.env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker_url,
                    "BROKER_DIR": broker_dir, "APP_ENV": "development", "PYTHONUNBUFFERED": "1",
                    # Each test paints one or two sizes: tracing the usual ones first (~10 s of
                    # CPU per worker) only slows the suite. The journey test keeps it on.
                    "WORKER_WARM_UP": "false", **(extra_env or {})}
        self.args = [CELERY, "--app", "wsgi:celery_app", "worker", "--loglevel", "INFO",
                     "--without-mingle", "--without-gossip", "-n", f"{name}@%h"]
        if beat:
            self.args.append("--beat")
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> "Worker":
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited early:\n{self.log()}")
            if " ready." in self.log():
                return self
            time.sleep(0.2)
        raise TimeoutError(f"worker {self.name} not ready in {timeout}s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL, as when a machine dies: no chance to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None):
            self._log.close()


def wait_for(predicate, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
