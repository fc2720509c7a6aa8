"""Clips with known motion, made from real photos: a crop window panned (and zoomed) across
the photo, optionally with a sine tone and a cut to another photo. The tests and
bench/video.py film these: real picture content, and the true motion is known."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np


def window(photo: np.ndarray, width: int, height: int, t: int, pan=(4.0, 0.0), zoom: float = 0.0) -> np.ndarray:
    """Frame t: a width x height view whose top-left moves `pan` px a frame (and whose
    field of view shrinks by `zoom` of itself a frame), resampled to width x height."""
    scale = 1.0 / (1.0 + zoom * t)  # the view's size relative to the frame's
    w, h = width * scale, height * scale
    x0, y0 = 8 + pan[0] * t, 8 + pan[1] * t
    matrix = np.array([[w / width, 0, x0], [0, h / height, y0]], np.float64)
    if not fits(photo, width, height, t, pan, zoom):
        raise ValueError("the camera left the photo: a smaller pan, or more photo")
    return cv2.warpAffine(photo, matrix, (width, height), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)


def fits(photo: np.ndarray, width: int, height: int, t: int, pan, zoom: float) -> bool:
    scale = 1.0 / (1.0 + zoom * t)
    return 8 + pan[0] * t + width * scale <= photo.shape[1] and 8 + pan[1] * t + height * scale <= photo.shape[0]


def bounce(t: int, photo: np.ndarray, width: int, height: int, pan, zoom: float) -> int:
    """Long clips: the camera sweeps back and forth within the photo."""
    last = 0
    while last < 10_000 and fits(photo, width, height, last + 1, pan, zoom):
        last += 1
    if last == 0:
        return 0
    t %= 2 * last
    return t if t <= last else 2 * last - t


def true_back_flow(width: int, height: int, t: int, pan=(4.0, 0.0), zoom: float = 0.0) -> np.ndarray:
    """The exact flow from frame t to frame t-1 of `window`'s camera: (h, w, 2) float32."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    now, before = 1.0 / (1.0 + zoom * t), 1.0 / (1.0 + zoom * (t - 1))
    px, py = x * now + 8 + pan[0] * t, y * now + 8 + pan[1] * t  # the photo's point seen at (x, y)
    bx, by = (px - 8 - pan[0] * (t - 1)) / before, (py - 8 - pan[1] * (t - 1)) / before
    return np.stack([bx - x, by - y], -1).astype(np.float32)


def make_clip(target: str | Path, photos: list[np.ndarray], width: int, height: int, frames: int,
              fps: int = 24, pan=(4.0, 0.0), zoom: float = 0.0, tone: bool = True,
              rotate: int = 0) -> Path:
    """Write an MP4 (H.264 + AAC tone): `frames` frames; with two photos, a cut half way.
    `rotate` sets a phone-style display rotation (the pictures are stored turned)."""
    target = Path(target)
    with av.open(str(target), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        turned = rotate % 180 == 90
        stream.width, stream.height = (height, width) if turned else (width, height)
        stream.pix_fmt = "yuv420p" if width % 2 == 0 and height % 2 == 0 else "yuv444p"
        stream.options = {"crf": "16", "preset": "ultrafast"}
        if rotate:
            stream.set_display_rotation(rotate)
        audio = out.add_stream("aac", rate=44100) if tone else None
        for t in range(frames):
            photo = photos[min(t * len(photos) // frames, len(photos) - 1)]
            local = bounce(t % max(1, frames // len(photos)), photo, width, height, pan, zoom)
            rgb = window(photo, width, height, local, pan, zoom)
            if rotate:  # stored as the phone's sensor saw it; the display matrix turns it back
                rgb = np.ascontiguousarray(np.rot90(rgb, -(rotate // 90)))
            out.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        out.mux(stream.encode(None))
        if audio is not None:
            samples = int(44100 * frames / fps)
            tone_wave = (0.3 * np.sin(2 * np.pi * 440 * np.arange(samples) / 44100)).astype(np.float32)
            for start in range(0, samples, 1024):
                chunk = tone_wave[None, start:start + 1024]
                frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="fltp", layout="mono")
                frame.sample_rate = 44100
                frame.pts, frame.time_base = start, Fraction(1, 44100)
                out.mux(audio.encode(frame))
            out.mux(audio.encode(None))
    return target
