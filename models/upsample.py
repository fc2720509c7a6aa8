"""Bring a painting made at the working size (models/brush.py) to the photo's full size.

A plain resize of the painting is soft when zoomed: the photo's edges were painted at
the working size. `detail_transfer` (the default) adds back what the working size could
not hold: the photo's own luminance high frequencies, photo - lowpass(photo), where the
lowpass is the photo taken down to the working size and up again, as the painting was.
Scaled down to the working size the detail nearly vanishes, so the painting's strokes
and colours are kept (style fidelity), while edges come back crisp (sharpness).

Measured by bench/sizes.py on a 12 MP photo, medium brush (fidelity dB / sharpness ratio,
for la_muse, the_scream, wave): `detail_transfer` 37.3/1.04, 45.4/1.37, 40.9/1.13;
plain `lanczos` 38.0/1.00, 49.6/1.00, 41.9/1.00 (soft when zoomed: the baseline); detail at
half gain 37.8/1.01, 48.8/1.12, 41.8/1.04 (barely sharper); `guided`, the fast guided filter
(He and Sun, 2015) with the photo as guide, smooths the strokes away: radius 1 23.3/0.41,
35.0/0.69, 27.0/0.55, radius 4 18.6/0.20, 28.6/0.47, 21.8/0.33. Rejected, all but detail.

Memory: uint8 full-size pictures only (the painting resized, the photo's luminance and
its lowpass); the sums run in strips of rows, so a 48 MP photo needs about 0.3 GB here.
"""
from __future__ import annotations

import cv2
import numpy as np

DETAIL_GAIN = 1.0  # all of the photo's lost detail: fidelity still >= 37 dB (above)
STRIP_ROWS = 256  # rows summed at once in int16 (a 8000 px wide strip: 12 MB)


def resize(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`rgb` resized to (width, height): Lanczos up, area average down (no aliasing)."""
    width, height = size
    if (rgb.shape[1], rgb.shape[0]) == (width, height):
        return rgb
    shrinking = width * height < rgb.shape[0] * rgb.shape[1]
    return cv2.resize(rgb, (width, height),
                      interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LANCZOS4)


def lanczos(painting: np.ndarray, photo: np.ndarray) -> np.ndarray:
    """The painting resized to the photo's size; nothing of the photo."""
    return resize(painting, (photo.shape[1], photo.shape[0]))


def luminance_detail(photo: np.ndarray, working: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(luminance, its lowpass) of the photo, both uint8 at full size; the lowpass
    is the luminance taken to the working size and back."""
    luma = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY)
    return luma, resize(resize(luma, working), (photo.shape[1], photo.shape[0]))


def detail_transfer(painting: np.ndarray, photo: np.ndarray, gain: float = DETAIL_GAIN) -> np.ndarray:
    """The painting at the photo's size with the photo's lost luminance detail added."""
    height, width = photo.shape[:2]
    working = (painting.shape[1], painting.shape[0])
    out = np.array(resize(painting, (width, height)), dtype=np.uint8, copy=True)
    if working == (width, height):
        return out
    luma, low = luminance_detail(photo, working)
    for top in range(0, height, STRIP_ROWS):
        rows = slice(top, top + STRIP_ROWS)
        # Saturating uint8 sums (OpenCV): the detail's positive part added, its negative
        # part taken away, which is clip(out + detail) exactly, as one pixel has only one.
        # 2.5x faster than the same sums in int16 numpy (48 MP: 4.5 s against 11.1 s, 2 busy cores).
        above, below = cv2.subtract(luma[rows], low[rows]), cv2.subtract(low[rows], luma[rows])
        if gain != 1.0:
            above, below = cv2.multiply(above, gain), cv2.multiply(below, gain)
        strip = cv2.add(out[rows], cv2.cvtColor(above, cv2.COLOR_GRAY2RGB))
        out[rows] = cv2.subtract(strip, cv2.cvtColor(below, cv2.COLOR_GRAY2RGB))
    return out


def guided(painting: np.ndarray, photo: np.ndarray, radius: int = 2, eps: float = 1e-3) -> np.ndarray:
    """Fast guided filter upsampling (He and Sun, 2015): linear coefficients fitted at the
    working size with the photo's luminance as guide, applied at full size."""
    height, width = photo.shape[:2]
    working = (painting.shape[1], painting.shape[0])
    guide_full = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    guide = resize(guide_full, working)
    box = (2 * radius + 1, 2 * radius + 1)
    mean_i = cv2.boxFilter(guide, -1, box)
    var_i = cv2.boxFilter(guide * guide, -1, box) - mean_i * mean_i
    p = painting.astype(np.float32) / 255
    mean_p = cv2.boxFilter(p, -1, box)
    cov = cv2.boxFilter(p * guide[..., None], -1, box) - mean_i[..., None] * mean_p
    a = cov / (var_i[..., None] + eps)
    b = mean_p - a * mean_i[..., None]
    a, b = cv2.boxFilter(a, -1, box), cv2.boxFilter(b, -1, box)
    out = np.empty((height, width, 3), np.uint8)
    for top in range(0, height, STRIP_ROWS):  # coefficients resized strip by strip
        rows = slice(top, top + STRIP_ROWS)
        n = min(STRIP_ROWS, height - top)
        ys = (np.arange(top, top + n, dtype=np.float32) + 0.5) * working[1] / height - 0.5
        xs = (np.arange(width, dtype=np.float32) + 0.5) * working[0] / width - 0.5
        mx, my = np.meshgrid(xs, ys)
        ua = cv2.remap(a, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        ub = cv2.remap(b, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out[rows] = np.clip(np.rint((ua * guide_full[rows, :, None] + ub) * 255), 0, 255)
    return out


METHODS = {"detail_transfer": detail_transfer, "lanczos": lanczos, "guided": guided}
DEFAULT_METHOD = "detail_transfer"


def to_full_size(painting: np.ndarray, photo: np.ndarray, method: str = DEFAULT_METHOD) -> np.ndarray:
    """The working-size painting brought to the photo's size (uint8 RGB)."""
    if painting.shape == photo.shape:
        return painting  # painted at full size (fine, or a small photo): nothing to do
    return METHODS[method](painting, photo)
