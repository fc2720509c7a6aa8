"""Tiny clips for the app's video tests: a real sample photo panned, with a sine tone."""
from __future__ import annotations

from tests.conftest import SHARED
from tests.engine.video_clips import audio_only, clip, read  # noqa: F401 (re-exported)

SAMPLES = SHARED / "samples"


def clip_bytes(tmp_path, frames: int = 12, width: int = 96, height: int = 64, **options) -> bytes:
    return clip(tmp_path / f"clip-{frames}-{width}x{height}.mp4", SAMPLES, width=width, height=height,
                frames=frames, **options).read_bytes()
