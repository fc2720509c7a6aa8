"""One call from a photo to the finished picture, with the product's options.

`render` paints with a catalogue style (one of the six networks) or with any picture
(the arbitrary model) at the brush's working size (models/brush.py), applies strength
and "keep my photo's colours" (models/adjust.py) there, then brings the painting to the
photo's full size (models/upsample.py). `previews` paints one photo in every catalogue
style at the same working size, then scales it down: a preview is the result, smaller.
Nothing here imports TensorFlow itself; the arbitrary model loads on first use.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from models import adjust, upsample
from models.brush import DEFAULT_BRUSH, working_size

PREVIEW_LONGEST = 256
# A `fine` preview cannot paint every pixel of a 12 MP photo six times: it is painted at
# medium's working size, the closest picture a preview can afford.
PREVIEW_BRUSH = {"broad": "broad", "medium": "medium", "fine": "medium"}


def render(engine, rgb: np.ndarray, style: str | np.ndarray | list, *, strength: float = 1.0,
           preserve_colors: bool = False, brush: str = DEFAULT_BRUSH,
           arbitrary_dir: str | Path | None = None, exact: bool = False) -> np.ndarray:
    """`rgb` painted in `style` at `rgb`'s size: a catalogue slug, a style picture (uint8
    RGB array), or a mix of paintings (a list of (part, weight), a part a slug, file or
    picture: models/mix.py). `exact` paints every pixel with zero padding, as the
    reference does.

    Catalogue styles: the network's picture blended with the photo in CIELAB
    (adjust.blend). Style pictures and mixes: the style vectors are blended before the
    transformer, as the arbitrary model is meant to be used; strength 0 is the photo."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError("strength must be between 0 and 1")
    if strength == 0.0:
        return rgb.copy()  # nothing of the style: no need to run a network
    height, width = rgb.shape[:2]
    size = (width, height) if exact else working_size(width, height, brush)
    if isinstance(style, str):
        small = upsample.resize(rgb, size)
        painted = engine.stylize(small, style, exact=exact)
    else:
        from models.arbitrary import MAX_CONTENT_PIXELS, get_styler

        size = _at_most(size, MAX_CONTENT_PIXELS)  # what the arbitrary network paints at most
        small = upsample.resize(rgb, size)
        painted = get_styler(arbitrary_dir).stylize(small, style, strength)
    painted = adjusted(small, painted, strength=strength if isinstance(style, str) else 1.0,
                       preserve_colors=preserve_colors)
    return upsample.to_full_size(painted, rgb)


def _at_most(size: tuple[int, int], pixels: int) -> tuple[int, int]:
    width, height = size
    if width * height <= pixels:
        return size
    scale = (pixels / (width * height)) ** 0.5
    return max(1, int(width * scale)), max(1, int(height * scale))


def adjusted(photo: np.ndarray, painted: np.ndarray, *, strength: float = 1.0,
             preserve_colors: bool = False) -> np.ndarray:
    """The product's options applied to a painted photo (both the same size):
    the photo's colours kept, then the painting blended with the photo by strength."""
    if preserve_colors:
        painted = adjust.keep_colors(photo, painted)
    return adjust.blend(photo, painted, strength) if strength < 1.0 else painted


def preview_working_size(width: int, height: int, brush: str = DEFAULT_BRUSH) -> tuple[int, int]:
    """The size at which a preview of a width x height photo is painted for `brush`."""
    return working_size(width, height, PREVIEW_BRUSH[brush])


def previews(engine, rgb: np.ndarray, slugs, longest: int = PREVIEW_LONGEST,
             brush: str = DEFAULT_BRUSH) -> dict[str, np.ndarray]:
    """The photo painted in each of `slugs` as `render` paints it (at the brush's working
    size), then scaled down to `longest`: {slug: uint8 RGB}. Six styles at medium's
    1280 px take about 12 s on 2 CPU cores (broad's 800 px: 5 s); painted smaller, a
    preview is another picture (bench/sizes.py measures both)."""
    height, width = rgb.shape[:2]
    small = np.ascontiguousarray(upsample.resize(rgb, preview_working_size(width, height, brush)))
    scale = min(1.0, longest / max(width, height))
    shown = (max(1, round(width * scale)), max(1, round(height * scale)))
    return {slug: upsample.resize(engine.stylize(small, slug), shown) for slug in slugs}
