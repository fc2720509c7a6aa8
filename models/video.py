"""Video files in and out with PyAV (FFmpeg's libraries in a wheel): probe, frames, MP4 writer.

- `probe` reads the container only (streams, duration, packet count): no frame is decoded,
  so the web process can check an upload cheaply.
- `frames` decodes one frame at a time, turned upright by the phone's rotation (display
  matrix), with each frame's own time stamp (variable frame rates keep their timing).
- `Writer` encodes H.264 + AAC in MP4 with the input's time stamps, frame rate and size.
  H.264 in 4:2:0 (the pixel format every browser plays) cannot code odd sizes (its crop
  unit is 2 pixels), so an odd-sized clip is coded 4:4:4, which keeps its exact size.
No TensorFlow here.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator

import av
import numpy as np

MAX_SIDE = 4096
# FFmpeg's names for the containers we take: MP4 and MOV (one demuxer), WebM (Matroska's)
CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "video/mp4", "matroska,webm": "video/webm"}


class VideoError(ValueError):
    """A file that cannot be painted as a video; `code` and `status` for the API."""
    code, status = "invalid_video", 422


class NotAVideo(VideoError):
    code, status = "unsupported_video", 415


class VideoTooLong(VideoError):
    code, status = "video_too_long", 422


@dataclass(frozen=True)
class VideoInfo:
    width: int  # as displayed (after rotation)
    height: int
    rotation: int  # degrees counter-clockwise that turn the coded picture upright (0 if unknown here)
    duration: float  # seconds
    fps: float  # average frame rate
    frames: int
    has_audio: bool
    format: str


def _looks_like_video(head: bytes) -> bool:
    """MP4/MOV (an ISO box: 'ftyp', 'moov', 'mdat'... at byte 4) or WebM/Matroska (EBML)."""
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip") or head[:4] == b"\x1a\x45\xdf\xa3"


def _open(source) -> av.container.InputContainer:
    if isinstance(source, (bytes, bytearray)):
        head, source = bytes(source[:12]), io.BytesIO(source)
    else:
        with open(source, "rb") as file:
            head = file.read(12)
    try:
        return av.open(str(source) if isinstance(source, (str, Path)) else source, "r")
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        if _looks_like_video(head):  # claims to be a video but cannot be read: damaged
            raise VideoError("The video is damaged or incomplete and cannot be read.") from exc
        raise NotAVideo("This file is not a video we can read (MP4, MOV or WebM).") from exc


def _turns(angle: float | None) -> int:
    """Quarter turns counter-clockwise (np.rot90) for a display-matrix angle in degrees."""
    return int(round((angle or 0) / 90)) % 4


def _tagged_rotation(stream) -> int:
    """The container's old `rotate` tag (clockwise degrees), when its demuxer exports it.
    Newer files carry a display matrix that PyAV shows only on decoded frames; the worker
    reads that (`frames`) and corrects the size the web side recorded."""
    try:
        return -int(float(stream.metadata.get("rotate", 0)))
    except ValueError:
        return 0


def probe(source, max_seconds: float | None = None) -> VideoInfo:
    """The clip's metadata from its container; packets are read, never decoded."""
    with _open(source) as container:
        if container.format.name not in CONTAINERS:
            raise NotAVideo("This file is not a video we can read (MP4, MOV or WebM).")
        if not container.streams.video:
            raise VideoError("This file has no pictures (no video stream)." if container.streams.audio
                             else "This file is not a video we can read (MP4, MOV or WebM).")
        stream = container.streams.video[0]
        ctx = stream.codec_context
        if not ctx.width or not ctx.height or max(ctx.width, ctx.height) > MAX_SIDE:
            raise VideoError(f"The video's picture size is not supported (at most {MAX_SIDE} pixels a side).")
        first = last = None
        frames = 0
        try:
            for packet in container.demux(stream):
                if packet.pts is None or packet.size == 0:
                    continue
                frames += 1
                first = packet.pts if first is None else min(first, packet.pts)
                end = packet.pts + (packet.duration or 0)
                last = end if last is None else max(last, end)
        except av.FFmpegError as exc:
            raise VideoError("The video is damaged and cannot be read to the end.") from exc
        if frames == 0:
            raise VideoError("The video has no frames.")
        duration = float((last - first) * stream.time_base) if last > first else 0.0
        if duration <= 0 and container.duration:
            duration = container.duration / av.time_base
        rate = stream.average_rate or stream.guessed_rate
        fps = float(rate) if rate else (frames / duration if duration else 0.0)
        if duration <= 0 and fps:
            duration = frames / fps
        if max_seconds is not None and duration > max_seconds + 0.05:
            raise VideoTooLong(f"The video is {duration:.1f} seconds long; the limit is {max_seconds:g} seconds.")
        turn = _turns(_tagged_rotation(stream))
        width, height = (ctx.height, ctx.width) if turn % 2 else (ctx.width, ctx.height)
        return VideoInfo(width, height, turn * 90, round(duration, 3), round(fps, 3), frames,
                         bool(container.streams.audio), container.format.name)


@dataclass
class Frame:
    rgb: np.ndarray  # upright, uint8
    pts: int  # in the stream's time base, from the first frame
    time_base: Fraction


def frames(source) -> Iterator[Frame]:
    """Each frame in display order, upright; one decoded at a time."""
    with _open(source) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        tagged = _tagged_rotation(stream)
        start = None
        try:
            for frame in container.decode(stream):
                pts = frame.pts if frame.pts is not None else 0
                start = pts if start is None else start
                rgb = frame.to_ndarray(format="rgb24")
                turn = _turns(frame.rotation or tagged)
                if turn:
                    rgb = np.ascontiguousarray(np.rot90(rgb, turn))
                yield Frame(rgb, pts - start, stream.time_base)
        except av.FFmpegError as exc:
            raise VideoError("The video is damaged and cannot be decoded.") from exc


def audio_frames(source) -> Iterator[av.AudioFrame]:
    """The first audio stream's frames (none if there is no sound), with times in seconds."""
    with _open(source) as container:
        if not container.streams.audio:
            return
        try:
            yield from container.decode(container.streams.audio[0])
        except av.FFmpegError:
            return  # damaged sound: the pictures are still worth delivering
