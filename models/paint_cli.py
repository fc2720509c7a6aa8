"""`python -m models paint`: masterpiece mode (models.optimise) from the command line.

  python -m models paint --style SLUG_OR_IMAGE INPUT OUTPUT [--iterations N] [--size PX] ...
  python -m models paint --grid --style SLUG_OR_IMAGE INPUT OUTPUT ...

`--grid` repeats Gatys et al.'s layer experiment: one labelled contact sheet with a row per content
layer and a column per set of style layers (the first layer alone, then one more each column).
Errors are raised; models.cli turns them into one line on stderr. TensorFlow loads only in `run`.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from models import images, installed

FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
GRID_CONTENT_LAYERS = ("conv2d_4", "conv2d_10")  # shallow and deep, as conv2_2 and conv4_2 in the paper
DEFAULT_STYLE_LAYERS = ("conv2d_1", "conv2d_2", "conv2d_4", "conv2d_8", "conv2d_12")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def add_parser(commands) -> None:
    paint = commands.add_parser(
        "paint", help="paint one photo by optimisation (Gatys et al.; slow, highest quality)",
        usage="%(prog)s --style SLUG_OR_IMAGE INPUT OUTPUT [options]\n"
              "       %(prog)s --grid --style SLUG_OR_IMAGE INPUT OUTPUT [options]")
    paint.add_argument("--style", required=True, help="a style slug (see `styles`) or the path of any painting")
    paint.add_argument("--iterations", type=int, default=500, help="L-BFGS iterations (default 500)")
    paint.add_argument("--size", type=int, default=512, help="longest side of the result, 16..1024 (default 512)")
    paint.add_argument("--content-weight", type=float, default=1.0, help="default 1")
    paint.add_argument("--style-weight", type=float, default=30.0, help="30 balanced, 100 strong (default 30)")
    paint.add_argument("--tv-weight", type=float, default=1e-3, help="smoothness (default 0.001)")
    paint.add_argument("--init", choices=("photo", "noise"), default="photo", help="start from (default photo)")
    paint.add_argument("--grid", action="store_true",
                       help="a contact sheet: content layers in rows, sets of style layers in columns")
    paint.add_argument("input", type=Path, metavar="INPUT")
    paint.add_argument("output", type=Path, metavar="OUTPUT")


def _progress(label: str):
    """Progress on stderr for a person at a terminal; silent in scripts and tests."""
    if not sys.stderr.isatty():
        return None
    started = time.perf_counter()

    def report(iteration: int, total: int, _picture) -> bool:
        print(f"\r{label}iteration {iteration}/{total}, {time.perf_counter() - started:.0f} s",
              end="" if iteration < total else "\n", file=sys.stderr, flush=True)
        return False
    return report


def run(args) -> int:
    fmt = FORMATS.get(args.output.suffix.lower())
    if fmt is None:
        raise ValueError(f"{args.output}: the output name must end in .jpg, .jpeg or .png")
    photo = images.read_picture(args.input)  # a bad photo fails fast, before TensorFlow loads
    from models import optimise

    settings = optimise.PaintSettings(iterations=args.iterations, size=args.size,
                                      content_weight=args.content_weight, style_weight=args.style_weight,
                                      tv_weight=args.tv_weight, init=args.init)
    painting = images.read_picture(installed.painting_file(args.style))
    if args.grid:
        picture = contact_sheet(photo, painting, settings, title=f"{args.input.name} × {args.style}")
    else:
        picture = optimise.paint(photo, painting, settings, callback=_progress("")).image
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(images.encode(picture, None, fmt, quality=85 if args.grid else 92))
    print(args.output, flush=True)
    return 0


def _font(size: int):
    return ImageFont.truetype(str(FONT), size) if FONT.is_file() else ImageFont.load_default()


def contact_sheet(photo: np.ndarray, painting: np.ndarray, settings, title: str = "",
                  content_layers=GRID_CONTENT_LAYERS, style_layers=None) -> np.ndarray:
    """Results for each content layer (rows) and each cumulative set of style layers (columns)."""
    from dataclasses import replace

    from models import optimise

    style_layers = tuple(style_layers or settings.style_layers)
    columns = [style_layers[:n] for n in range(1, len(style_layers) + 1)]
    cells = []
    for r, content in enumerate(content_layers):
        row = []
        for c, styles in enumerate(columns):
            cell = replace(settings, content_layer=content, style_layers=styles)
            label = f"[{r * len(columns) + c + 1}/{len(content_layers) * len(columns)}] "
            row.append(optimise.paint(photo, painting, cell, callback=_progress(label)).image)
        cells.append(row)
    height, width = cells[0][0].shape[:2]

    gap, margin, head = 6, 150, 64
    font, small = _font(15), _font(13)
    sheet = Image.new("RGB", (margin + len(columns) * (width + gap), head + len(cells) * (height + gap)), "white")
    draw = ImageDraw.Draw(sheet)
    draw.text((8, 6), f"{title}   {settings.iterations} iterations, init {settings.init}, content "
              f"{settings.content_weight:g} : style {settings.style_weight:g} : TV {settings.tv_weight:g}",
              fill="black", font=font)
    for c, styles in enumerate(columns):
        x = margin + c * (width + gap)
        text = "style: " + styles[0] if c == 0 else "+ " + styles[-1]
        draw.text((x + 4, 30), text, fill="black", font=font)
        draw.text((x + 4, 48), f"{len(styles)} layer{'s' if len(styles) > 1 else ''}", fill="dimgray", font=small)
    for r, content in enumerate(content_layers):
        y = head + r * (height + gap)
        draw.text((8, y + height // 2 - 18), "content:", fill="black", font=font)
        draw.text((8, y + height // 2 + 2), content, fill="black", font=font)
        for c, cell in enumerate(cells[r]):
            sheet.paste(Image.fromarray(cell), (margin + c * (width + gap), y))
    return np.asarray(sheet)
