"""The engine against a plain tf.function, in one run: `python bench/engine.py [--rounds N]`.

Each implementation lives in its own process (so its peak RSS is its own): the plain
reference (bench/reference_net.py, float32) and the engine in float32 and bfloat16.
The parent warms each up, then asks them in turn, A B C A B C ..., to paint the same
photo (Wave), and prints medians of the warm calls, the ratio to the reference, each
one's share of the matmul rate of its precision (measured here too), peak RSS, PSNR
against the published pictures, and the CPU flags and load seen.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
GFLOP_PER_MP = 252.0  # 2 x the network's multiply-adds per megapixel it runs on
FLAGS = ("avx2", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16")
PUBLISHED = ("the_scream", "the_shipwreck_of_the_minotaur", "udnie", "wave")
CASES = {"1224x816": (816, 1224), "chicago 712x474": (474, 712)}


def photo(height: int, width: int):
    import numpy as np
    from PIL import Image

    chicago = Image.open(SHARED / "samples" / "chicago.jpg").convert("RGB")
    if chicago.size != (width, height):
        chicago = chicago.resize((width, height), Image.Resampling.LANCZOS)
    return np.asarray(chicago)


def psnr(a, b) -> float:
    import numpy as np

    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0 ** 2 / mse))


def published(slug: str):
    from models import images

    return images.decode((SHARED / "samples" / f"chicago_{slug}.jpg").read_bytes()).rgb


class Reference:
    def __init__(self):
        from bench import reference_net

        self.net, self.paint = reference_net, {}

    def stylize(self, rgb, slug, exact=True):
        if slug not in self.paint:
            self.paint[slug] = self.net.reference(self.net.load(REPO / "pretrained" / slug))
        h, w = rgb.shape[:2]
        out = self.paint[slug](rgb[None]).numpy()[0]
        return out[self.net.offset(h):self.net.offset(h) + h, self.net.offset(w):self.net.offset(w) + w]


def child(kind: str, precisions: str = "") -> None:
    """Serve commands from the parent, one JSON line each: `time CASE [exact]`, `psnr`, `rss`."""
    if kind == "matmul":
        print(json.dumps(matmul_rates(["float32", *precisions.split(",")])), flush=True)
        return
    if kind == "reference":
        painter = Reference()
    else:
        from models.engine import Engine

        painter = Engine(precision=kind.split("-")[1])
    pictures = {name: photo(*size) for name, size in CASES.items()}
    for line in sys.stdin:
        command, *args = line.split()
        if command == "time":
            exact = args[1:] == ["exact"] or kind == "reference"
            start, cpu = time.perf_counter(), sum(os.times()[:2])
            painter.stylize(pictures[args[0].replace("_", " ")], "wave", exact=exact)
            answer = {"wall": time.perf_counter() - start, "cpu": sum(os.times()[:2]) - cpu}
        elif command == "psnr":
            chicago = pictures["chicago 712x474"]
            answer = {slug: [psnr(painter.stylize(chicago, slug, exact=True), published(slug))]
                      + ([] if kind == "reference" else [psnr(painter.stylize(chicago, slug), published(slug))])
                      for slug in PUBLISHED}
        else:
            answer = {"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
        print(json.dumps(answer), flush=True)


def matmul_rates(precisions: list[str]) -> dict:
    import models.engine  # noqa: F401  (the engine's thread settings)
    import tensorflow as tf

    rates = {}
    for dtype in (tf.as_dtype(p) for p in dict.fromkeys(precisions)):
        best = 0.0
        for n in (2048, 4096):
            a, b = (tf.cast(tf.random.normal((n, n)), dtype) for _ in range(2))
            matmul = tf.function(tf.matmul)
            matmul(a, b).numpy()
            for _ in range(3):
                start = time.perf_counter()
                matmul(a, b).numpy()
                best = max(best, 2 * n ** 3 / (time.perf_counter() - start) / 1e9)
        rates[dtype.name] = best
    return rates


class Worker:
    def __init__(self, *kind: str):
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.process = subprocess.Popen([sys.executable, __file__, "--child", *kind], cwd=REPO, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def cpu_flags() -> list[str]:
    text = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    seen = {f for line in text.splitlines() if line.startswith("flags") for f in line.split(":")[1].split()}
    return [f for f in FLAGS if f in seen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="warm calls per implementation and case")
    parser.add_argument("--precisions", default="float32,bfloat16",
                        help="the engine's precisions to run (float32 only with ONEDNN_MAX_CPU_ISA=AVX2: "
                             "oneDNN has no bfloat16 there)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    import tensorflow as tf

    model = next((line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    print(f"machine: {model}, {os.cpu_count()} CPUs; flags seen: {' '.join(cpu_flags()) or 'none'}; "
          f"tensorflow {tf.__version__}; load average {os.getloadavg()[0]:.2f} at start")
    if os.environ.get("ONEDNN_MAX_CPU_ISA"):  # e.g. AVX2: oneDNN as on a CPU without AVX-512
        print(f"oneDNN limited to ONEDNN_MAX_CPU_ISA={os.environ['ONEDNN_MAX_CPU_ISA']}")
    matmul = Worker("matmul", args.precisions)
    rates = json.loads(matmul.process.stdout.readline())
    matmul.close()
    print("TensorFlow matmul: " + ", ".join(f"{p} {rate:.0f} GFLOP/s" for p, rate in rates.items()))
    kinds = ["reference", *(f"engine-{p}" for p in args.precisions.split(","))]
    workers = {kind: Worker(kind) for kind in kinds}
    runs = [(kind, case, "") for case in CASES for kind in kinds]
    runs += [(kinds[-1], case, "exact") for case in CASES]
    for kind, case, mode in runs:  # warm-up: traces and oneDNN's kernels for the size
        workers[kind].ask(f"time {case.replace(' ', '_')} {mode}")
    times = {run: [] for run in runs}
    for _ in range(args.rounds):
        for kind, case, mode in runs:
            times[(kind, case, mode)].append(workers[kind].ask(f"time {case.replace(' ', '_')} {mode}"))
    print(f"\n{args.rounds} warm calls each, alternated; medians; Wave; ms per megapixel of the photo "
          f"(the default also paints a 48 px mirrored margin, counted in 'share'; with the machine "
          f"shared, CPU time is the steadier figure)")
    print("| implementation | photo | ms/MP wall | CPU-ms/MP | speed vs reference (wall, CPU) | share of matmul rate |")
    print("|---|---|---|---|---|---|")
    reference = {}
    for kind, case, mode in runs:
        h, w = CASES[case]
        mp = h * w / 1e6
        ran = mp if kind == "reference" or mode else (h + 96) * (w + 96) / 1e6
        wall = statistics.median(t["wall"] for t in times[(kind, case, mode)]) / mp * 1000
        cpu = statistics.median(t["cpu"] for t in times[(kind, case, mode)]) / mp * 1000
        reference.setdefault(case, (wall, cpu))
        rate = rates[kind.split("-")[1] if "-" in kind else "float32"]
        share = GFLOP_PER_MP * ran / (wall * mp / 1000) / rate
        name = kind + (" exact" if mode else "" if kind == "reference" else " (default)")
        speed = f"{reference[case][0] / wall:.2f}x, {reference[case][1] / cpu:.2f}x"
        print(f"| {name} | {case} | {wall:,.0f} | {cpu:,.0f} | {speed} | {share:.0%} |")
    print("\nPSNR vs the published chicago_<style>.jpg (exact / default):")
    for kind in kinds:
        scores = workers[kind].ask("psnr")
        print(f"  {kind}: " + ", ".join(f"{slug} {' / '.join(f'{v:.1f}' for v in values)} dB"
                                         for slug, values in scores.items()))
    print("\npeak RSS of each process (TensorFlow, its weights, all the runs above):")
    for kind, worker in workers.items():
        print(f"  {kind}: {worker.ask('rss')['rss_mb']:,} MB" + ("" if kind == "reference" else " (six styles)"))
        worker.close()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
