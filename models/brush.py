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
# Longest side of the working size. 1280 (1.2 MP at 4:3) is about what a screen shows of
# a photo, so the strokes look there as the landing page's do, and paints in about 2 s on
# 2 CPU cores (a 12 MP job in about 5 s from upload, bench/sizes.py); 800 gives strokes
# 1.6 times bolder in under 1 s. Larger working sizes approach `fine`'s faint texture.
WORKING_LONGEST = {"broad": 800, "medium": 1280}
FINE_COST = 2  # credits for `fine` when it paints more than medium would: on a 12 MP photo
# it runs the network on ten times the pixels (about 25 s against 2 s on 2 CPU cores)


def working_size(width: int, height: int, brush: str = DEFAULT_BRUSH,
                 longest_sides: dict[str, int] = WORKING_LONGEST) -> tuple[int, int]:
    """(width, height) at which a width x height photo is painted with `brush`
    (`longest_sides`: the working sizes' longest sides, photos' by default)."""
    if brush not in BRUSHES:
        raise ValueError(f"brush must be one of {', '.join(BRUSHES)}, not {brush!r}")
    longest = longest_sides.get(brush)
    if longest is None or max(width, height) <= longest:
        return width, height
    scale = longest / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def working_pixels(width: int, height: int, brush: str = DEFAULT_BRUSH) -> int:
    w, h = working_size(width, height, brush)
    return w * h


def cost(width: int, height: int, brush: str = DEFAULT_BRUSH) -> int:
    """Credits for a photo painted with `brush`: one, or FINE_COST where `fine` paints
    more pixels than `medium` (a photo within medium's size is the same work)."""
    if brush == "fine" and width * height > working_pixels(width, height, "medium"):
        return FINE_COST
    working_size(width, height, brush)  # an unknown brush is a ValueError here too
    return 1
