"""The messages waiting on the embedded (filesystem) broker, read as a worker would.

Lets a test see that a request only enqueued a task, then run that task's real
code on the real message, without starting a worker process for it."""
from __future__ import annotations

import base64
import importlib
import json
from pathlib import Path


def _messages(app):
    folder = Path(app.config["BROKER_DIR"]) / "messages"
    for path in sorted(folder.glob("*.msg")):
        payload = json.loads(path.read_bytes())
        body = payload["body"]
        if payload.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, kwargs, _ = json.loads(body)
        yield path, payload["headers"]["task"], args, kwargs


def queued(app, task_name: str) -> list[list]:
    """The arguments of each waiting message for that task."""
    return [args for _, name, args, _ in _messages(app) if name == task_name]


def run_queued(app, task_name: str) -> int:
    """Take that task's waiting messages off the queue and run them; returns how many."""
    importlib.import_module("app.tasks")  # registers the tasks, as a worker's start does
    task = app.extensions["celery"].tasks[task_name]
    ran = 0
    for path, name, args, kwargs in list(_messages(app)):
        if name == task_name:
            path.unlink()
            task.run(*args, **kwargs)
            ran += 1
    return ran


def discard(app, task_name: str) -> None:
    """Drop that task's waiting messages (left by earlier tests)."""
    for path, name, _, _ in list(_messages(app)):
        if name == task_name:
            path.unlink()
