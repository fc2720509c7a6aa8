"""A clip painted end to end, streaming: decode -> paint in batches -> coherence -> encode.

At most one batch of frames is held in memory, whatever the clip's length. Frames are
painted at a working size and brought back to the clip's size (models/brush.py explains
why a working size is the product's brush). Video uses smaller working sizes than photos:
a 10 s 720p clip is 240 pictures, and at 640 px the networks paint one in about 0.4 s
on two cores (1.9 s at 960, 3.8 s at 1280; bench/video.py), which is what makes a clip
take minutes, not a quarter of an hour; a moving picture also shows less fine detail.
`fine` still paints every pixel. No TensorFlow import here: the engine comes in.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from models import pipeline, temporal, video
from models import brush as brush_sizes
from models.brush import DEFAULT_BRUSH
from models.video_out import Writer

VIDEO_LONGEST = {"broad": 480, "medium": 640}  # longest side of the working size; fine: every pixel
BATCH = 4  # frames painted together (one traced graph; pays off on GPUs)


def working_size(width: int, height: int, brush: str = DEFAULT_BRUSH) -> tuple[int, int]:
    """(width, height) at which frames of a width x height clip are painted with `brush`."""
    return brush_sizes.working_size(width, height, brush, VIDEO_LONGEST)


@dataclass
class Painted:
    frames: int
    width: int
    height: int
    seconds: float
    cuts: int  # scene cuts found (each started afresh)


def _resize(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    if rgb.shape[1] == width and rgb.shape[0] == height:
        return rgb
    shrinking = width < rgb.shape[1]
    return cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC)


def _paint_batch(engine, smalls, style, strength, preserve_colors, arbitrary_dir):
    if isinstance(style, str):
        raw = engine.stylize_batch(smalls, style) if strength > 0 else smalls
        return [pipeline.adjusted(s, r, strength=strength, preserve_colors=preserve_colors)
                for s, r in zip(smalls, raw)]
    return [pipeline.render(engine, s, style, strength=strength, preserve_colors=preserve_colors,
                            arbitrary_dir=arbitrary_dir) for s in smalls]


def paint(engine, source, target: str | Path, style, *, strength: float = 1.0,
          preserve_colors: bool = False, brush: str = DEFAULT_BRUSH, coherent: bool = True,
          carry: float = temporal.CARRY, arbitrary_dir=None, batch: int = BATCH,
          progress: Callable[[int, np.ndarray], None] | None = None) -> Painted:
    """Paint the clip `source` (path or bytes) into the MP4 `target`, with its sound.
    `style`: a catalogue slug or a style picture; `progress(frames_done, latest_painting)`."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError("strength must be between 0 and 1")
    started = time.perf_counter()
    info = video.probe(source)
    smoother = temporal.Coherent(carry if coherent else 0.0)
    writer, pending, done, cuts = None, [], 0, 0
    size = None

    def flush():
        nonlocal done, cuts
        paintings = _paint_batch(engine, [p[1] for p in pending], style, strength, preserve_colors, arbitrary_dir)
        for (frame, small), painting in zip(pending, paintings):
            step = smoother.step(small, painting)
            cuts += step.cut and done > 0 and coherent
            writer.write(_resize(step.picture, *size), frame.pts)
            done += 1
            if progress is not None:
                progress(done, step.picture)
        pending.clear()

    try:
        for frame in video.frames(source):
            if writer is None:  # the upright size is known once a frame is decoded
                size = frame.rgb.shape[1], frame.rgb.shape[0]
                working = working_size(*size, brush)
                writer = Writer(target, *size, info.fps, frame.time_base, sound_from=source)
            pending.append((frame, _resize(frame.rgb, *working)))
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        if writer is None:
            raise video.VideoError("The video has no frames that can be decoded.")
        writer.close()
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    return Painted(done, size[0], size[1], time.perf_counter() - started, cuts)
