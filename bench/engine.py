"""Benchmark the style engine on this machine: `python bench/engine.py [--quick]`.

Prints the machine's fp32 matmul rate, the engine's speed at 0.35, 1 and 4 MP for each
precision (with PSNR against a published reference), its achieved GFLOP/s as a share
of the matmul rate, and time and peak memory for large photos run in strips. Every
measurement runs in its own process, so each peak-memory figure is that run's alone.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
GFLOP_PER_MP = 252.0  # the network's multiply-adds x 2 per megapixel of input
SIZES = {0.35: (474, 712), 1: (816, 1224), 4: (1640, 2450), 12: (2828, 4242), 24: (4000, 6000)}


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def cpu_seconds() -> float:
    """This process's CPU time: with other work on the machine, wall time overstates."""
    return sum(os.times()[:2])


def photo(height: int, width: int):
    """The sample photo resized to the wanted size (content matters little for speed)."""
    import numpy as np
    from PIL import Image

    if (height, width) == SIZES[0.35]:
        return np.asarray(Image.open(SHARED / "samples" / "chicago.jpg").convert("RGB"))
    stata = Image.open(SHARED / "samples" / "stata.jpg").convert("RGB")
    return np.asarray(stata.resize((width, height), Image.Resampling.LANCZOS))


def child_matmul() -> dict:
    os.environ.setdefault("TF_CPU_ALLOCATOR_USE_BFC", "1")
    import models.engine  # noqa: F401  (the engine's thread settings)
    import tensorflow as tf

    best = 0.0
    for n in (2048, 4096):
        a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
        matmul = tf.function(tf.matmul)
        matmul(a, b).numpy()
        for _ in range(3):
            start = time.perf_counter()
            matmul(a, b).numpy()
            best = max(best, 2 * n ** 3 / (time.perf_counter() - start) / 1e9)
    return {"gflops": best}


def child_speed(precision: str, sizes: list[float], repeats: int) -> dict:
    import numpy as np

    from models import images
    from models.engine import Engine

    engine = Engine(precision=precision)
    out = {"precision": precision, "sizes": {}}
    for mp in sizes:
        picture = photo(*SIZES[mp])
        start = time.perf_counter()
        result = engine.stylize(picture, "wave")
        first = time.perf_counter() - start
        times, cpu = [], []
        for _ in range(repeats):
            start, cpu_start = time.perf_counter(), cpu_seconds()
            engine.stylize(picture, "wave")
            times.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - cpu_start)
        megapixels = picture.shape[0] * picture.shape[1] / 1e6
        entry = {"ms_per_mp": min(times) * 1000 / megapixels, "cpu_ms_per_mp": min(cpu) * 1000 / megapixels,
                 "first_call_s": first, "megapixels": megapixels}
        if mp == 0.35:
            published = images.decode((SHARED / "samples" / "chicago_wave.jpg").read_bytes()).rgb
            mse = np.mean((result.astype(np.float64) - published) ** 2)
            entry["psnr_db"] = 10 * np.log10(255 ** 2 / mse)
        out["sizes"][str(mp)] = entry
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def child_large(mp: float) -> dict:
    from models.engine import Engine

    engine = Engine(slugs=["wave"])
    engine.piece_pixels = 0  # strips even where one piece would fit (4 MP)
    picture = photo(*SIZES[mp])
    start, cpu_start = time.perf_counter(), cpu_seconds()
    engine.stylize(picture, "wave")
    return {"seconds": time.perf_counter() - start, "cpu_seconds": cpu_seconds() - cpu_start,
            "megapixels": picture.size / 3e6, "peak_rss_mb": peak_rss_mb()}


def child_gpu_batch() -> dict:
    import tensorflow as tf

    from models.engine import Engine

    if not tf.config.list_physical_devices("GPU"):
        return {}
    engine = Engine(slugs=["wave"])
    batch = [photo(*SIZES[1])] * 8
    engine.stylize_batch(batch, "wave")
    start = time.perf_counter()
    for _ in range(3):
        engine.stylize_batch(batch, "wave")
    return {"images_per_s": 24 / (time.perf_counter() - start)}


def run_child(*args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, __file__, "--child", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="float32 only; no 24 MP run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {"matmul": child_matmul, "gpu": child_gpu_batch,
                  "large": lambda: child_large(float(rest[0])),
                  "speed": lambda: child_speed(rest[0], [float(s) for s in rest[1].split(",")],
                                               int(rest[2]))}[kind]()
        print(json.dumps(result))
        return

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    matmul = run_child("matmul")
    gflops = matmul.get("gflops", float("nan"))
    print(f"fp32 matmul (TensorFlow): {gflops:.0f} GFLOP/s = {GFLOP_PER_MP / gflops * 1000:.0f} ms "
          f"per megapixel-equivalent of this network ({GFLOP_PER_MP:.0f} GFLOP/MP)")
    precisions = ["float32"] if args.quick else ["float32", "bfloat16", "float16"]
    for precision in precisions:
        speed = run_child("speed", precision, "0.35,1,4", "2" if precision == "float32" else "1")
        if "error" in speed:
            print(f"{precision}: failed: {speed['error']}")
            continue
        for mp, entry in speed["sizes"].items():
            achieved = GFLOP_PER_MP / entry["ms_per_mp"] * 1000
            psnr = f", PSNR {entry['psnr_db']:.1f} dB vs chicago_wave.jpg" if "psnr_db" in entry else ""
            print(f"{precision:9} {mp:>4} MP: {entry['ms_per_mp']:6.0f} ms/MP ({entry['cpu_ms_per_mp']:5.0f} CPU-ms/MP), "
                  f"{achieved:5.1f} GFLOP/s ({achieved / gflops:4.0%} of matmul), "
                  f"first call {entry['first_call_s']:.1f} s{psnr}")
        print(f"{precision:9} peak RSS over these runs: {speed['peak_rss_mb']} MB")
    for mp in [4, 12] if args.quick else [4, 12, 24]:
        large = run_child("large", str(mp))
        if "error" in large:
            print(f"{mp} MP in strips: failed: {large['error']}")
            continue
        print(f"{mp:>2} MP in strips: {large['seconds']:6.1f} s ({large['seconds'] * 1000 / large['megapixels']:.0f} "
              f"ms/MP; {large['cpu_seconds']:.0f} CPU-s; first call included), peak RSS {large['peak_rss_mb']} MB")
    gpu = run_child("gpu")
    if gpu.get("images_per_s"):
        print(f"GPU, batch of 8 at 1 MP: {gpu['images_per_s']:.1f} images/s")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
