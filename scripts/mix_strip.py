"""docs/mix-strip.jpg: one photo at 0, 25, 50, 75 and 100% between two paintings (a mix,
models/mix.py), labelled. Usage: .venv/bin/python scripts/mix_strip.py [PHOTO] [A] [B]"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import images, pipeline  # noqa: E402
from models.catalogue import load_catalogue  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
WIDTH, LABEL = 360, 44  # each panel, and the label band under it


def main(photo: Path, first: str, second: str, out: Path) -> None:
    titles = {s.slug: s.title for s in load_catalogue()}
    rgb = images.decode(photo.read_bytes()).rgb
    height = round(rgb.shape[0] * WIDTH / rgb.shape[1])
    font = ImageFont.truetype(FONT, 15) if Path(FONT).is_file() else ImageFont.load_default()
    sheet = Image.new("RGB", (5 * WIDTH, height + LABEL), "white")
    for i, share in enumerate((0, 25, 50, 75, 100)):
        painted = pipeline.render(None, rgb, [(first, share), (second, 100 - share)])
        panel = Image.fromarray(np.asarray(painted)).resize((WIDTH, height), Image.Resampling.LANCZOS)
        sheet.paste(panel, (i * WIDTH, 0))
        text = f"{share}% {titles[first].split(' off ')[0]}\n{100 - share}% {titles[second]}"
        ImageDraw.Draw(sheet).multiline_text((i * WIDTH + 8, height + 4), text, fill="black", font=font)
    sheet.save(out, quality=85, optimize=True)
    print(out, out.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else ROOT.parent / "shared" / "samples" / "chicago.jpg",
         args[1] if len(args) > 1 else "wave", args[2] if len(args) > 2 else "the_scream",
         ROOT / "docs" / "mix-strip.jpg")
