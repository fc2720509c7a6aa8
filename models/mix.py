"""Mixes of paintings: two or three paintings' style vectors averaged with chosen weights
(Dumoulin et al. 2017; Ghiasi et al. 2017 interpolate the arbitrary model's vectors so).

`parse_mix` is pure Python (the web process and the command line validate with it);
`painting_file` finds a catalogue painting's installed picture. The engine side is
models/arbitrary.py (`ArbitraryStyler.mix_vector`): a mix is a list of (part, weight),
a part a catalogue slug, a painting file's path or a picture (uint8 RGB array).
"""
from __future__ import annotations

import math
import os
from pathlib import Path

from models import installed

MIN_PARTS, MAX_PARTS = 2, 3


class MixError(ValueError):
    """A mix that cannot be painted; the message says why, for a person."""


def _weight(name: str, text: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        raise MixError(f"The weight of {name!r} must be a number, not {text!r}.") from None
    if not math.isfinite(weight):
        raise MixError(f"The weight of {name!r} must be a finite number.")
    if weight < 0:
        raise MixError(f"The weight of {name!r} cannot be negative.")
    return weight


def normalise(pairs: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The same pairs with weights that sum to 1 (MixError if they sum to zero)."""
    total = sum(weight for _, weight in pairs)
    if not total > 0:
        raise MixError("The weights of a mix cannot all be zero.")
    return [(name, weight / total) for name, weight in pairs]


def parse_mix(text: str) -> list[tuple[str, float]]:
    """"wave=0.6,the_scream=0.4" -> [("wave", 0.6), ("the_scream", 0.4)], weights normalised.

    Two or three NAME=WEIGHT pairs; names are checked by the caller (catalogue, own
    paintings or files). Raises MixError with a message for a person."""
    items = [item.strip() for item in (text or "").split(",") if item.strip()]
    if not MIN_PARTS <= len(items) <= MAX_PARTS:
        raise MixError(f"A mix takes two or three paintings (NAME=WEIGHT, separated by commas); "
                       f"this one has {len(items)}.")
    pairs = []
    for item in items:
        name, sep, weight = (part.strip() for part in item.rpartition("="))
        if not sep or not name:
            raise MixError(f"Write each painting of a mix as NAME=WEIGHT, not {item!r}.")
        if name in (seen for seen, _ in pairs):
            raise MixError(f"{name!r} appears twice in the mix.")
        pairs.append((name, _weight(name, weight)))
    return normalise(pairs)


def format_mix(pairs) -> str:
    """The text parse_mix reads back (weights to four places)."""
    return ",".join(f"{name}={weight:.4g}" for name, weight in pairs)


def percentages(weights: list[float]) -> list[int]:
    """Whole percentages that sum to 100 (largest remainders get the leftover points)."""
    raw = [100 * w / sum(weights) for w in weights]
    whole = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: whole[i] - raw[i])[:100 - sum(whole)]:
        whole[i] += 1
    return whole


def painting_file(name: str | os.PathLike) -> Path:
    """A catalogue slug's installed painting (models/installed.py), or a path; MixError
    when a slug's painting is not installed."""
    try:
        return installed.painting_file(name)
    except installed.NoPainting as exc:
        raise MixError(str(exc)) from None
