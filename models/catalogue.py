"""The catalogue of pretrained styles: slug, painting title, artist and year.

Pure Python, so the web process can list styles without loading the engine.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "pretrained" / "catalogue.json"


@dataclass(frozen=True)
class Style:
    slug: str
    title: str
    artist: str
    year: str  # free text: "1893", "c. 1831", or "" when unknown


def load_catalogue(path: str | Path | None = None) -> tuple[Style, ...]:
    """The styles in catalogue order. Raises ValueError for a malformed file."""
    return _load(str(Path(path) if path is not None else DEFAULT_PATH))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[Style, ...]:
    with open(path, encoding="utf-8") as fh:
        entries = json.load(fh)
    try:
        styles = tuple(Style(slug=str(e["slug"]), title=str(e["title"]),
                             artist=str(e["artist"]), year=str(e["year"])) for e in entries)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: every entry needs slug, title, artist and year") from exc
    if len({s.slug for s in styles}) != len(styles):
        raise ValueError(f"{path}: duplicate slug")
    return styles


def slugs(path: str | Path | None = None) -> tuple[str, ...]:
    """The slugs, in catalogue order."""
    return tuple(s.slug for s in load_catalogue(path))
