"""Tiny clips for the video tests, made from a real sample photo with known motion."""
import io
from fractions import Fraction

import av
import numpy as np
from PIL import Image

from models import clips


def photo(samples_dir, name="chicago.jpg", longest=320) -> np.ndarray:
    picture = Image.open(samples_dir / name).convert("RGB")
    picture.thumbnail((longest, longest))
    return np.asarray(picture)


def clip(path, samples_dir, width=96, height=64, frames=12, **options):
    return clips.make_clip(path, [photo(samples_dir)], width, height, frames, **options)


def audio_only(path):
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        for start in range(0, 44100, 1024):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 44100, start, Fraction(1, 44100)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def read(path):
    """(frames as arrays, fps, duration in seconds, has audio) of an MP4, decoded fully."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        fps = float(stream.average_rate)
        duration = float(stream.duration * stream.time_base)
        has_audio = bool(container.streams.audio)
    return frames, fps, duration, has_audio


def jpeg_bytes(rgb) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG")
    return out.getvalue()
