"""Benchmark masterpiece mode (models.optimise): `python bench/paint.py [--iterations N] [--full]`.

Prints seconds per L-BFGS iteration for chicago.jpg (stata.jpg above 712 px) painted as The Scream
at 256, 512 and 1024 px (the longest side), timed over a few iterations after a warm-up run that
traces the graph, and the projected time of 500 iterations at 512 px. `--full` also paints the
whole 500-iteration masterpiece of chicago.jpg at 512 px, prints its time and its losses, and
writes the picture to docs/masterpiece-chicago-the_scream.jpg.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=5, help="timed iterations per size (default 5)")
    parser.add_argument("--sizes", default="256,512,1024")
    parser.add_argument("--full", action="store_true", help="paint the 500-iteration masterpiece too")
    args = parser.parse_args()

    from models.images import read_picture
    from models.optimise import Painter, PaintSettings

    chicago = read_picture(SHARED / "samples" / "chicago.jpg")  # 712x474
    stata = read_picture(SHARED / "samples" / "stata.jpg")  # 1024x679: results are never enlarged
    painting = read_picture(SHARED / "styles" / "the_scream.jpg")
    per_iteration = {}
    for size in map(int, args.sizes.split(",")):
        photo = chicago if size <= max(chicago.shape[:2]) else stata
        job = Painter(photo, painting, PaintSettings(size=size, iterations=args.iterations))
        job.run()  # warm-up: traces the graph, touches the memory
        started = time.perf_counter()
        result = job.run()
        per_iteration[size] = (time.perf_counter() - started) / result.iterations
        height, width = job.shape[:2]
        print(f"{width}x{height}: {per_iteration[size]:.3f} s per iteration", flush=True)
    if 512 in per_iteration:
        print(f"500 iterations at 512 px: about {500 * per_iteration[512]:.0f} s (projected)")
    if args.full:
        from models import images

        job = Painter(chicago, painting, PaintSettings(size=512, iterations=500))
        start = job.losses(job.start())
        result = job.run()
        print(f"500 iterations at 512 px, measured: {result.seconds:.0f} s "
              f"({result.seconds / result.iterations:.3f} s per iteration, graph tracing included)")
        print("losses at the start:", {k: round(v, 4) for k, v in start.items()})
        print("losses at the end:  ", {k: round(v, 4) for k, v in result.losses.items()})
        out = REPO / "docs" / "masterpiece-chicago-the_scream.jpg"
        out.write_bytes(images.encode(result.image, fmt="jpeg"))
        print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
