"""Make the landing page's before-and-after examples with the engine itself.

Stylises $SHARED_DIR/samples/chicago.jpg with each of the six styles and writes
small JPEGs into static/examples/ (ignored by git): `photo.jpg` and `<slug>.jpg`
(longest side 640) and `<slug>-small.jpg` (400), with `examples.json` giving their sizes, and
`<slug>-painting.jpg`, a 112x112 crop of the gallery thumbnail (static/styles/, made first by
scripts/install_assets.py) for the landing page's little round insets.
Idempotent: a file newer than the photo and its style's weights is kept, so a
second run loads no TensorFlow at all.

  SHARED_DIR        the shared folder (default ../shared beside the checkout)
  EXAMPLES_SOURCE   the photo to stylise (default $SHARED_DIR/samples/chicago.jpg)
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
SOURCE = Path(os.environ.get("EXAMPLES_SOURCE", SHARED / "samples" / "chicago.jpg"))
TARGET = ROOT / "static" / "examples"
LONGEST = 640  # the landing page's before-and-after, at most 600 px wide
SMALL = 400  # the landing page's grid of six, about 340 px wide
INSET = 112  # the round painting insets, shown 52 px wide (twice that for sharp screens)
QUALITY = 80


def _newest_input(slug: str | None, pretrained: Path) -> float:
    newest = SOURCE.stat().st_mtime
    if slug is not None:
        folder = pretrained / slug
        newest = max([newest, *(f.stat().st_mtime for f in folder.iterdir())])
    return newest


def _fresh(slug: str | None, pretrained: Path) -> bool:
    paths = [TARGET / "photo.jpg"] if slug is None else [TARGET / f"{slug}.jpg", TARGET / f"{slug}-small.jpg"]
    newest = _newest_input(slug, pretrained)
    return all(p.is_file() and p.stat().st_mtime >= newest for p in paths)


def main() -> int:
    import numpy as np
    from PIL import Image, ImageOps

    from models import images as imaging
    from models.catalogue import load_catalogue

    if not SOURCE.is_file():
        print(f"make_examples: missing {SOURCE}; put the shared folder beside the checkout "
              "or set SHARED_DIR (see README)", file=sys.stderr)
        return 1
    pretrained = Path(os.environ.get("PRETRAINED_DIR") or ROOT / "pretrained")
    styles = load_catalogue()
    TARGET.mkdir(parents=True, exist_ok=True)
    photo = imaging.thumbnail(imaging.decode(SOURCE.read_bytes()).rgb, LONGEST)
    height, width = photo.shape[:2]

    def write(path: Path, rgb) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(imaging.encode(rgb, fmt="jpeg", quality=QUALITY))
        tmp.replace(path)  # never a half-written file under static/
        print(f"made {path.relative_to(ROOT)}")

    if not _fresh(None, pretrained):
        write(TARGET / "photo.jpg", photo)
    todo = [s for s in styles if not _fresh(s.slug, pretrained)]
    if todo:
        from models.engine import get_engine  # TensorFlow: only when there is work

        engine = get_engine(pretrained)
        # The network paints the full-size photo (as the site does), then the result
        # is scaled down like the photo, so the two line up pixel for pixel.
        full = imaging.decode(SOURCE.read_bytes()).rgb
        for style in todo:
            painted = engine.stylize(full, style.slug)
            write(TARGET / f"{style.slug}.jpg", imaging.thumbnail(painted, LONGEST))
            write(TARGET / f"{style.slug}-small.jpg", imaging.thumbnail(painted, SMALL))
    for style in styles:
        painting = ROOT / "static" / "styles" / f"{style.slug}.jpg"
        inset = TARGET / f"{style.slug}-painting.jpg"
        if painting.is_file() and not (inset.is_file() and inset.stat().st_mtime >= painting.stat().st_mtime):
            with Image.open(painting) as im:
                small = ImageOps.fit(im.convert("RGB"), (INSET, INSET), Image.Resampling.LANCZOS)
            write(inset, np.asarray(small))
    # The size of every example, for the page's width and height attributes.
    small = imaging.thumbnail(photo, SMALL).shape[:2]
    manifest = {"width": width, "height": height, "small_width": small[1], "small_height": small[0],
                "inset": INSET, "insets": all((TARGET / f"{s.slug}-painting.jpg").is_file() for s in styles),
                "styles": [s.slug for s in styles]}
    manifest_path = TARGET / "examples.json"
    if not manifest_path.is_file() or json.loads(manifest_path.read_text()) != manifest:
        manifest_path.write_text(json.dumps(manifest) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
