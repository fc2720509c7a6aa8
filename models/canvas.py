"""Where a photo sits on the network's input, and which output pixels are the photo's.

Two ways to paint:
- exact (the reference implementation): the bare photo, zero padding at its borders.
  On an odd size a stride-2 layer rounds up, so the output can be up to 3 rows
  longer; the photo's rows are `offset(n)` onwards (for chicago.jpg's 474 rows: rows
  2..475 of 476, as the published pictures are cropped).
- clean edges (the default): the photo mirrored MARGIN pixels beyond each border, so
  the network sees picture instead of black there (zero padding paints frames: a
  striped ~20 px band in La Muse, a dark top line in Wave), then cropped back.
"""
from __future__ import annotations

import numpy as np

# Mirrored pixels on each side, a multiple of 4 (both stride-2 layers stay aligned).
# Measured on chicago.jpg, La Muse (outer 8 px band vs the next 16 px, beyond the photo's
# own difference): 41 levels exact, 53 with 16 px, 24 with 32 px, 4.4 with 48 px, 4.7
# with 64 px. 48 px costs ~20% more pixels at 1224x816 (bench/README.md).
MARGIN = 48


def offset(n: int) -> int:
    """The first output row (or column) of an n-row photo painted exactly: 0..3.

    TF's SAME padding puts the odd pixel of a stride-2 layer at the top for odd sizes
    and at the bottom for even ones; this is where the photo's first row lands."""
    half = (n + 1) // 2
    return n % 2 + 2 * (half % 2)


def mirror(n: int, before: int, after: int) -> np.ndarray:
    """Source indices of n pixels mirrored `before` and `after` beyond them (the edge
    pixel not repeated, like numpy's "reflect"; folding again for tiny photos)."""
    i = np.arange(-before, n + after)
    if n == 1:
        return np.zeros_like(i)
    period = 2 * n - 2
    i = np.abs(i) % period
    return np.where(i >= n, period - i, i)


def extend(rgb: np.ndarray, margin: int = MARGIN) -> np.ndarray:
    """The photo mirrored `margin` pixels beyond each border, then a little more at the
    bottom and right so both sides are multiples of 4 (the output is then the same size)."""
    h, w = rgb.shape[:2]
    rows = mirror(h, margin, margin + -(h + 2 * margin) % 4)
    cols = mirror(w, margin, margin + -(w + 2 * margin) % 4)
    return rgb[rows[:, None], cols[None, :]]


def crop(out: np.ndarray, height: int, width: int, exact: bool, margin: int = MARGIN) -> np.ndarray:
    """The photo's pixels of a network output (batch first)."""
    top, left = (offset(height), offset(width)) if exact else (margin, margin)
    return out[:, top:top + height, left:left + width]
