"""Temporal coherence for per-frame painting networks, without retraining them.

A feed-forward network paints each frame on its own, and small changes between frames
change its strokes: the picture boils. As in Ruder et al. (2016) and Lai et al. (2018),
the previous *painted* frame is carried along the input's optical flow onto the current
frame, and the new painting is blended towards it where that flow can be trusted:

- flow both ways between consecutive input frames (OpenCV's DIS);
- trusted where the two flows agree (Sundaram et al.'s forward-backward check, as Ruder
  et al. use it to find occlusions and motion boundaries) and where the previous input,
  carried the same way, matches the current input (a failed flow, lighting changes);
- a scene cut (little of the frame trusted) starts afresh, so nothing of the previous
  scene is carried into the next;
- blending two paintings whose fine strokes do not line up cancels part of both (and
  carrying a picture along the flow resamples it): the blend's fine detail is brought back
  to the new painting's level, so the result is as crisp as a single painted frame.

Pure numpy and OpenCV: no TensorFlow. Pictures are uint8 RGB of one size.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CARRY = 0.85  # weight of the carried painting where the flow is trusted (bench/video.py)
COLOUR_TOLERANCE = 24.0  # mean |input - carried input| over channels above which a pixel is not trusted
CUT_FRACTION = 0.4  # a frame with less of itself trusted than this starts a new scene
DETAIL_SIGMA = 1.0  # pixels: the scale of the fine detail restored after blending
MOST_DETAIL_GAIN = 2.5


def gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


class Flow:
    """Dense optical flow between consecutive frames (DIS, Kroeger et al. 2016)."""

    def __init__(self):
        self._dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)

    def __call__(self, source: np.ndarray, target: np.ndarray) -> np.ndarray:
        """For each pixel of `source` (gray), where it went in `target`: (h, w, 2) float32."""
        return self._dis.calc(source, target, None)


def warp(picture: np.ndarray, flow: np.ndarray, sharp: bool = False) -> np.ndarray:
    """`picture` carried along `flow` (each output pixel x reads picture at x + flow(x)).
    sharp: bicubic, which blurs less when a picture is carried frame after frame."""
    h, w = flow.shape[:2]
    grid = np.mgrid[0:h, 0:w].astype(np.float32)
    return cv2.remap(picture, grid[1] + flow[..., 0], grid[0] + flow[..., 1],
                     cv2.INTER_CUBIC if sharp else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def restore_detail(blend: np.ndarray, painting: np.ndarray) -> np.ndarray:
    """`blend` (float32) with its fine detail scaled to `painting`'s level, as uint8."""
    base = cv2.GaussianBlur(blend, (0, 0), DETAIL_SIGMA)
    detail = blend - base
    paint = painting.astype(np.float32)
    wanted = np.abs(paint - cv2.GaussianBlur(paint, (0, 0), DETAIL_SIGMA)).mean()
    gain = np.clip(wanted / max(float(np.abs(detail).mean()), 1e-3), 1.0, MOST_DETAIL_GAIN)
    return np.clip(base + gain * detail + 0.5, 0, 255).astype(np.uint8)


def reliable(back: np.ndarray, forward: np.ndarray, current: np.ndarray, carried_input: np.ndarray) -> np.ndarray:
    """Where the backward flow (current -> previous) can be trusted: bool (h, w)."""
    h, w = back.shape[:2]
    forward_there = warp(forward, back)
    loop = back + forward_there  # zero for a consistent round trip
    agree = (loop ** 2).sum(-1) <= 0.01 * ((back ** 2).sum(-1) + (forward_there ** 2).sum(-1)) + 0.5
    grid = np.mgrid[0:h, 0:w].astype(np.float32)
    x, y = grid[1] + back[..., 0], grid[0] + back[..., 1]
    inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
    same = np.abs(current.astype(np.float32) - carried_input.astype(np.float32)).mean(-1) < COLOUR_TOLERANCE
    return agree & inside & same


@dataclass
class Step:
    picture: np.ndarray  # the frame to show
    trusted: float  # fraction of the frame carried from the previous one
    cut: bool  # a new scene started here


class Coherent:
    """Feed frames in order: `step(input, painting)` -> the coherent painting."""

    def __init__(self, carry: float = CARRY, flow: Flow | None = None):
        self.carry, self.flow = carry, flow or Flow()
        self._input = self._gray = self._shown = None

    def step(self, frame: np.ndarray, painting: np.ndarray) -> Step:
        now = gray(frame)
        if self._shown is None or self.carry == 0:
            return self._keep(frame, now, painting, 0.0, True)
        back, forward = self.flow(now, self._gray), self.flow(self._gray, now)
        mask = reliable(back, forward, frame, warp(self._input, back))
        trusted = float(mask.mean())
        if trusted < CUT_FRACTION:
            return self._keep(frame, now, painting, trusted, True)
        # soft edges: no seam where trusted regions end
        weight = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 1.5)[..., None] * self.carry
        carried = warp(self._shown, back, sharp=True).astype(np.float32)
        picture = restore_detail(painting + weight * (carried - painting), painting)
        return self._keep(frame, now, picture, trusted, False)

    def _keep(self, frame, now, picture, trusted, cut) -> Step:
        self._input, self._gray, self._shown = frame, now, picture
        return Step(picture, trusted, cut)


def warping_error(previous: np.ndarray, current: np.ndarray, previous_input: np.ndarray,
                  current_input: np.ndarray, flow: Flow | None = None) -> float:
    """Lai et al.'s (2018) warping error: mean |current - previous carried onto it by the
    input's flow| over trusted pixels (0-255 scale), for painted frames of one clip."""
    flow = flow or Flow()
    a, b = gray(current_input), gray(previous_input)
    back, forward = flow(a, b), flow(b, a)
    mask = reliable(back, forward, current_input, warp(previous_input, back))
    if not mask.any():
        return 0.0
    diff = np.abs(current.astype(np.float32) - warp(previous, back).astype(np.float32)).mean(-1)
    return float(diff[mask].mean())
