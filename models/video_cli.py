"""`python -m models stylize-video --style SLUG IN OUT.mp4`: a clip painted, with its sound.

Errors are raised; models.cli turns them into one line on stderr and exit status 1.
TensorFlow loads only once the clip has been checked.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from models.brush import BRUSHES, DEFAULT_BRUSH


def add_parser(commands) -> None:
    video = commands.add_parser(
        "stylize-video", help="paint a video clip (MP4, MOV, WebM) into an MP4 with its sound",
        usage="%(prog)s --style SLUG INPUT OUTPUT.mp4 [--strength S] [--brush B] [--preserve-colors]")
    video.add_argument("--style", required=True, help="a style slug (see `styles`) or the path of a painting")
    video.add_argument("--strength", type=float, default=1.0, help="0..1, how much of the style (default 1)")
    video.add_argument("--brush", choices=BRUSHES, default=DEFAULT_BRUSH, help=f"default {DEFAULT_BRUSH}")
    video.add_argument("--preserve-colors", action="store_true", help="keep the clip's own colours")
    video.add_argument("--per-frame", action="store_true",
                       help="paint each frame on its own (flickers; for comparison)")
    video.add_argument("input", type=Path, metavar="INPUT")
    video.add_argument("output", type=Path, metavar="OUTPUT")


def _style(name: str):
    from models.catalogue import slugs

    if name in slugs():
        return name
    path = Path(name)
    if not path.is_file():
        raise ValueError(f"unknown style {name!r}; choose one of {', '.join(slugs())} or give a painting's path")
    from models import images

    return images.decode(path.read_bytes()).rgb


def _progress(frames: int):
    if not sys.stderr.isatty():
        return None
    started = time.perf_counter()

    def report(done: int, _picture) -> None:
        print(f"\rframe {done} of {frames}, {time.perf_counter() - started:.0f} s",
              end="" if done < frames else "\n", file=sys.stderr, flush=True)
    return report


def run(args) -> int:
    from models import video

    if args.output.suffix.lower() != ".mp4":
        raise ValueError(f"{args.output}: the output name must end in .mp4")
    if not 0.0 <= args.strength <= 1.0:
        raise ValueError("--strength must be between 0 and 1")
    if not args.input.is_file():
        raise ValueError(f"{args.input}: no such file")
    style = _style(args.style)
    try:
        info = video.probe(args.input)  # a bad clip fails fast, before TensorFlow loads
    except video.VideoError as exc:
        raise type(exc)(f"{args.input}: {exc}") from exc
    from models import video_paint
    from models.engine import Engine

    engine = Engine(slugs=[style] if isinstance(style, str) else [])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    video_paint.paint(engine, args.input, args.output, style, strength=args.strength,
                      preserve_colors=args.preserve_colors, brush=args.brush,
                      coherent=not args.per_frame, progress=_progress(info.frames))
    print(args.output, flush=True)
    return 0
