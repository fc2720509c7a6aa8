"""Brush sizes: the size, in pixels, at which a photo is painted.

The fast networks were trained on 256 px crops, so their strokes have a fixed size in
pixels: painted at 12 MP, a style is a faint texture; painted at about a megapixel and
brought to full size, it looks like the preview. `broad` and `medium` paint at a working
size fixed in pixels whatever the photo's resolution (so the same photo at any
resolution gives the same picture); `fine` paints every pixel. A photo smaller than the
working size is painted as it is, never enlarged. No TensorFlow here: the web side
estimates and prices with it too.
"""
from __future__ import annotations

BRUSHES = ("broad", "medium", "fine")
DEFAULT_BRUSH = "medium"
# Longest side of the working size. Why these: see models/upsample.py and bench/sizes.py.
WORKING_LONGEST = {"broad": 800, "medium": 1280}


def working_size(width: int, height: int, brush: str = DEFAULT_BRUSH) -> tuple[int, int]:
    """(width, height) at which a width x height photo is painted with `brush`."""
    if brush not in BRUSHES:
        raise ValueError(f"brush must be one of {', '.join(BRUSHES)}, not {brush!r}")
    longest = WORKING_LONGEST.get(brush)
    if longest is None or max(width, height) <= longest:
        return width, height
    scale = longest / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def working_pixels(width: int, height: int, brush: str = DEFAULT_BRUSH) -> int:
    w, h = working_size(width, height, brush)
    return w * h
