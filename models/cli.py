"""Command line: `python -m models styles`, `python -m models stylize ...` and `paint ...` (models.paint_cli).

Errors end as one line on stderr (never a traceback) and a non-zero exit status.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models import images, paint_cli, pipeline, video_cli
from models.brush import BRUSHES, DEFAULT_BRUSH
from models.catalogue import load_catalogue

OUTPUT_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


class CommandError(Exception):
    """A mistake in the command itself (unknown style, bad output name)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m models", description="Paint photos in the style of a painting.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("styles", help="list the styles")
    stylize = commands.add_parser(
        "stylize", help="stylise photos",
        usage="%(prog)s --style SLUG INPUT OUTPUT\n       %(prog)s --style SLUG --out-dir DIR [--format jpg|png] INPUT...")
    stylize.add_argument("--style", help="style slug (see `styles`)")
    stylize.add_argument("--out-dir", type=Path, help="write DIR/<input stem>.<format> for each input")
    stylize.add_argument("--format", choices=("jpg", "png"), default="jpg", help="with --out-dir (default jpg)")
    stylize.add_argument("--brush", choices=BRUSHES, default=DEFAULT_BRUSH,
                         help="broad and medium paint at a fixed working size and bring the painting "
                              "to full size; fine paints every pixel (default %(default)s)")
    stylize.add_argument("--exact", action="store_true",
                         help="paint as the reference implementation: zero padding, every pixel "
                              "(implies --brush fine)")
    stylize.add_argument("--precision", choices=("float32", "bfloat16", "float16"), help=argparse.SUPPRESS)
    stylize.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    # Mixes of paintings (issue 20): instead of --style.
    stylize.add_argument("--mix", metavar="NAME=W,NAME=W",
                         help="two or three paintings and their weights; NAME a slug or a painting file")
    paint_cli.add_parser(commands)
    video_cli.add_parser(commands)
    return parser


def _list_styles() -> int:
    for style in load_catalogue():
        made = ", ".join(part for part in (style.artist, style.year) if part)
        print(f"{style.slug:32} {style.title} ({made})")
    return 0


def _jobs(args) -> list[tuple[Path, Path, str]]:
    """(input, output, format) for each picture to paint."""
    if args.out_dir is None:
        if len(args.paths) != 2:
            raise CommandError("give INPUT and OUTPUT, or --out-dir DIR and one or more inputs")
        source, target = args.paths
        fmt = OUTPUT_FORMATS.get(target.suffix.lower())
        if fmt is None:
            raise CommandError(f"{target}: the output name must end in .jpg, .jpeg or .png")
        return [(source, target, fmt)]
    suffix, fmt = (".png", "png") if args.format == "png" else (".jpg", "jpeg")
    return [(source, args.out_dir / (source.stem + suffix), fmt) for source in args.paths]


def _paint(engine, source: Path, target: Path, fmt: str, style: str, brush: str,
           exact: bool) -> None:
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise images.ImageError(f"cannot read it ({exc.strerror or exc})") from exc
    decoded = images.decode(data)
    result = pipeline.render(engine, decoded.rgb, style, brush=brush, exact=exact)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(images.encode(result, decoded.alpha, fmt))


def _mix_parts(text: str) -> list:
    """--mix checked before TensorFlow loads: its weights, and each painting there."""
    from models.mix import MixError, painting_file, parse_mix

    try:
        parts = parse_mix(text)
        for name, _ in parts:
            if not painting_file(name).is_file():
                raise MixError(f"{name}: no such painting file")
    except MixError as exc:
        raise CommandError(str(exc)) from None
    return parts


def _stylize(args) -> int:
    if (args.mix is None) == (args.style is None):
        raise CommandError("give --style SLUG or --mix NAME=W,NAME=W (one of them)")
    brush = "fine" if args.exact else args.brush
    if args.mix is not None:
        return _paint_all(None, _jobs(args), _mix_parts(args.mix), brush, args.exact)
    known = [style.slug for style in load_catalogue()]
    if args.style not in known:
        raise CommandError(f"unknown style {args.style!r}; choose one of {', '.join(known)}")
    jobs = _jobs(args)
    from models.engine import Engine  # TensorFlow loads only when there is work

    engine = Engine(slugs=[args.style], precision=args.precision)
    return _paint_all(engine, jobs, args.style, brush, args.exact)


def _paint_all(engine, jobs, style, brush: str, exact: bool) -> int:
    failed = []
    for source, target, fmt in jobs:
        try:
            _paint(engine, source, target, fmt, style, brush, exact)
        except (images.ImageError, OSError) as exc:
            failed.append(source)
            print(f"error: {source}: {exc}", file=sys.stderr, flush=True)
        else:
            print(target, flush=True)
    if len(failed) > 1:
        print(f"error: {len(failed)} of {len(jobs)} pictures failed: {', '.join(map(str, failed))}",
              file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "paint":
            return paint_cli.run(args)
        if args.command == "stylize-video":
            return video_cli.run(args)
        return _list_styles() if args.command == "styles" else _stylize(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the one place errors become a message and an exit status
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"error: {message}", file=sys.stderr)
        return 1
