"""One call from a photo to the finished picture, with the product's options.

`render` paints with a catalogue style (one of the six networks) or with any picture
(the arbitrary model), then applies strength and "keep my photo's colours"
(models/adjust.py). `previews` paints one small photo in every catalogue style.
Nothing here imports TensorFlow itself; the arbitrary model loads on first use.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from models import adjust
from models import images as imaging

PREVIEW_LONGEST = 256


def render(engine, rgb: np.ndarray, style: str | np.ndarray | list, *, strength: float = 1.0,
           preserve_colors: bool = False, arbitrary_dir: str | Path | None = None) -> np.ndarray:
    """`rgb` painted in `style`: a catalogue slug, a style picture (uint8 RGB array), or a
    mix of paintings (a list of (part, weight), a part a slug, file or picture: models/mix.py).

    Catalogue styles: the network's picture blended with the photo in CIELAB
    (adjust.blend). Style pictures and mixes: the style vectors are blended before the
    transformer, as the arbitrary model is meant to be used; strength 0 is the photo."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError("strength must be between 0 and 1")
    if strength == 0.0:
        return rgb.copy()  # nothing of the style: no need to run a network
    if isinstance(style, str):
        painted = engine.stylize(rgb, style)
    else:
        from models.arbitrary import get_styler

        painted = get_styler(arbitrary_dir).stylize(rgb, style, strength)
    return adjusted(rgb, painted, strength=strength if isinstance(style, str) else 1.0,
                    preserve_colors=preserve_colors)


def adjusted(photo: np.ndarray, painted: np.ndarray, *, strength: float = 1.0,
             preserve_colors: bool = False) -> np.ndarray:
    """The product's options applied to a painted photo (both the same size):
    the photo's colours kept, then the painting blended with the photo by strength."""
    if preserve_colors:
        painted = adjust.keep_colors(photo, painted)
    return adjust.blend(photo, painted, strength) if strength < 1.0 else painted


def previews(engine, rgb: np.ndarray, slugs, longest: int = PREVIEW_LONGEST) -> dict[str, np.ndarray]:
    """The photo, scaled to `longest`, painted in each of `slugs`: {slug: uint8 RGB}."""
    small = np.ascontiguousarray(imaging.thumbnail(rgb, longest))
    return {slug: engine.stylize(small, slug) for slug in slugs}
