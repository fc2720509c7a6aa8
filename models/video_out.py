"""The painted clip as an MP4 file: H.264 pictures and AAC sound, streamed frame by frame.

Pictures keep the input's time stamps (so a variable frame rate keeps its timing and the
duration is the input's), its average frame rate and its size. The sound is re-encoded to
AAC (phones record AAC, WebM carries Opus: one path for all) and interleaved as the
pictures are written, so neither the muxer nor we hold the clip in memory.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from models import video

CRF = 20  # x264 quality: visually lossless for paintings, about 2-4 MB per 10 s at 720p
PRESET = "veryfast"  # the painting is the slow part; leave the cores to it


class Writer:
    def __init__(self, target: str | Path, width: int, height: int, rate: float, time_base: Fraction,
                 sound_from=None):
        self._out = av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"})
        rate = Fraction(rate).limit_denominator(1001) if rate else Fraction(30)
        stream = self._out.add_stream("libx264", rate=rate)
        stream.width, stream.height = width, height
        # 4:2:0 needs even sides; 4:4:4 keeps an odd size exactly (see models/video.py)
        stream.pix_fmt = "yuv420p" if width % 2 == 0 and height % 2 == 0 else "yuv444p"
        stream.time_base = time_base
        stream.codec_context.time_base = time_base
        stream.options = {"crf": str(CRF), "preset": PRESET}
        self._video = stream
        self._sound = self._audio = None
        if sound_from is not None:
            self._sound = video.audio_frames(sound_from)
            first = next(self._sound, None)
            if first is not None:
                self._audio = self._out.add_stream("aac", rate=first.sample_rate)
                self._audio.layout = "stereo" if first.layout.nb_channels >= 2 else "mono"
                self._pending = first
        self.frames = 0

    def write(self, rgb: np.ndarray, pts: int) -> None:
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        frame.pts, frame.time_base = pts, self._video.time_base
        self._out.mux(self._video.encode(frame))
        self.frames += 1
        self._sound_until(float(pts * self._video.time_base))

    def _sound_until(self, seconds: float | None) -> None:
        """Encode the sound up to `seconds` (None: to its end)."""
        while self._audio is not None and self._pending is not None:
            if seconds is not None and self._pending.time is not None and self._pending.time > seconds:
                return
            self._pending.pts = None  # the encoder counts samples itself
            self._out.mux(self._audio.encode(self._pending))
            self._pending = next(self._sound, None)

    def close(self) -> None:
        self._out.mux(self._video.encode(None))
        self._sound_until(None)
        if self._audio is not None:
            self._out.mux(self._audio.encode(None))
        self._out.close()
        if self._sound is not None:
            self._sound.close()

    def abandon(self) -> None:
        """Stop after an error: close the files, the output is not a finished clip."""
        try:
            self._out.close()
        except Exception:  # closing a half-written file may fail too; the error that led here matters
            pass
        if self._sound is not None:
            self._sound.close()
