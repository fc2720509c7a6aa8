"""Benchmark video painting on this machine: `python bench/video.py [--rss-seconds 30]`.

Prints, in one run: the temporal (warping) error of per-frame painting and of each
coherence method tried, on clips filmed from real photos with known camera motion
(pan; pan + zoom), measured with the true motion and with the input's optical flow,
with the style strength (mean |painted - input|); painting throughput end to end
(decode, paint, coherence, encode) at 640x360 and 1280x720 with the default brush;
the seconds for a 10-second 720p clip; and the peak RSS of a process painting a 1080p
clip. Writes docs/video-strip.jpg (input, per-frame, ours, and where each flickers).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))

from models import clips, temporal, video, video_paint  # noqa: E402

STYLE = "wave"
CLIPS = {  # name: (photo, pan px/frame, zoom/frame)
    "pan (chicago)": ("chicago.jpg", (2.0, 0.5), 0.0),
    "pan+zoom (stata)": ("stata.jpg", (3.0, 1.0), 0.008),
}
FRAMES = 24


def sample(name: str, longest: int | None = None) -> np.ndarray:
    picture = Image.open(SHARED / "samples" / name).convert("RGB")
    if longest:
        scale = longest / max(picture.size)
        picture = picture.resize((round(picture.width * scale), round(picture.height * scale)),
                                 Image.Resampling.LANCZOS)
    return np.asarray(picture)


def cpu_flags() -> str:
    flags = Path("/proc/cpuinfo").read_text().split("flags")[1].split("\n")[0]
    return " ".join(f for f in ("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile") if f" {f}" in flags)


class Farneback(temporal.Flow):
    def __init__(self):
        pass

    def __call__(self, source, target):
        import cv2

        return cv2.calcOpticalFlowFarneback(source, target, None, 0.5, 3, 15, 3, 5, 1.2, 0)


def smooth(frames, paintings, carry, flow=None, warped=True, restore=True):
    """Outputs of a coherence method. warped=False: a plain running blend (no motion);
    restore=False: without bringing the fine detail back (bilinear carrying, as first built)."""
    if not warped:
        out, previous = [], None
        for p in paintings:
            previous = p if previous is None else np.clip(carry * previous + (1 - carry) * p, 0, 255).astype(np.uint8)
            out.append(previous)
        return out
    if not restore:
        return list(_plain(frames, paintings, carry, flow))
    smoother = temporal.Coherent(carry, flow)
    return [smoother.step(f, p).picture for f, p in zip(frames, paintings)]


def _plain(frames, paintings, carry, flow):
    """The first version: a bilinear carry and a plain blend, nothing restored."""
    import cv2

    flow, previous, shown = flow or temporal.Flow(), None, None
    for frame, painting in zip(frames, paintings):
        if previous is not None:
            a, b = temporal.gray(frame), temporal.gray(previous)
            back, forward = flow(a, b), flow(b, a)
            mask = temporal.reliable(back, forward, frame, temporal.warp(previous, back))
            if mask.mean() >= temporal.CUT_FRACTION:
                weight = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 1.5)[..., None] * carry
                carried = temporal.warp(shown, back).astype(np.float32)
                painting = np.clip(painting + weight * (carried - painting) + 0.5, 0, 255).astype(np.uint8)
        previous, shown = frame, painting
        yield painting


def errors(frames, outputs, pan, zoom):
    true, flowed = [], []
    h, w = frames[0].shape[:2]
    for t in range(1, len(frames)):
        back = clips.true_back_flow(w, h, t, pan, zoom)
        carried = temporal.warp(outputs[t - 1], back).astype(np.float32)
        gy, gx = np.mgrid[0:h, 0:w]
        inside = ((gx + back[..., 0] >= 0) & (gx + back[..., 0] <= w - 1)
                  & (gy + back[..., 1] >= 0) & (gy + back[..., 1] <= h - 1))
        true.append(np.abs(outputs[t].astype(np.float32) - carried).mean(-1)[inside].mean())
        flowed.append(temporal.warping_error(outputs[t - 1], outputs[t], frames[t - 1], frames[t]))
    strength = np.mean([np.abs(o.astype(np.float32) - f).mean() for o, f in zip(outputs, frames)])
    return float(np.mean(true)), float(np.mean(flowed)), float(strength), detail(outputs)


def detail(outputs) -> float:
    """Fine texture left: mean |Laplacian| of the gray pictures (carrying pictures along
    the flow resamples them, and too long a memory blurs the brush strokes)."""
    import cv2

    return float(np.mean([np.abs(cv2.Laplacian(temporal.gray(o).astype(np.float32), cv2.CV_32F)).mean()
                          for o in outputs]))


def coherence(engine, strip: Path | None):
    methods = [("per-frame (lengstrom)", None), ("running blend 0.7, no flow", dict(carry=0.7, warped=False)),
               ("flow carry 0.7, no detail", dict(carry=0.7, restore=False)),
               ("flow carry 0.85, no detail", dict(carry=0.85, restore=False)),
               ("flow carry 0.7 + detail", dict(carry=0.7)), ("flow carry 0.85 + detail = ours", dict(carry=0.85)),
               ("flow carry 0.95 + detail", dict(carry=0.95)),
               ("carry 0.85 + detail, Farneback", dict(carry=0.85, flow=Farneback()))]
    print(f"\nTemporal error (Lai et al. warping error, 0-255; lower is steadier), style '{STYLE}', "
          f"{FRAMES} frames of 640x360; strength = mean |painted - input|; detail = mean |Laplacian|")
    print(f"{'clip':18} {'method':30} {'error (true motion)':>20} {'error (DIS flow)':>17} {'strength':>13} "
          f"{'detail':>12}")
    for clip, (name, pan, zoom) in CLIPS.items():
        photo = sample(name, 1024)
        frames = [clips.window(photo, 640, 360, t, pan, zoom) for t in range(FRAMES)]
        paintings = []
        for start in range(0, FRAMES, 4):
            paintings += engine.stylize_batch(frames[start:start + 4], STYLE)
        base = None
        for method, options in methods:
            outputs = paintings if options is None else smooth(frames, paintings, **options)
            true, flowed, strength, sharp = errors(frames, outputs, pan, zoom)
            base = base or (true, strength, sharp)
            print(f"{clip:18} {method:30} {true:12.2f} ({true / base[0]:4.0%}) {flowed:17.2f} "
                  f"{strength:6.1f} ({strength / base[1]:4.0%}) {sharp:5.1f} ({sharp / base[2]:4.0%})", flush=True)
            if strip is not None and clip.startswith("pan (") and method.endswith("= ours"):
                write_strip(strip, frames, paintings, outputs, pan, zoom)


def write_strip(path: Path, frames, per_frame, ours, pan, zoom, first=8, count=4):
    """Rows: input, per-frame, ours, |change| per-frame, |change| ours (change = frame minus
    the previous painted frame carried by the true motion, x3)."""
    h, w = frames[0].shape[:2]
    rows = [frames, per_frame, ours]
    for outputs in (per_frame, ours):
        rows.append([np.clip(3 * np.abs(outputs[t].astype(np.float32) - temporal.warp(
            outputs[t - 1], clips.true_back_flow(w, h, t, pan, zoom))), 0, 255).astype(np.uint8)
            for t in range(len(outputs))])
    cells = [np.concatenate([row[t] for t in range(first, first + count)], 1) for row in rows]
    sheet = Image.fromarray(np.concatenate(cells, 0))
    sheet = sheet.resize((sheet.width // 2, sheet.height // 2), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, "JPEG", quality=70)
    print(f"(strip: {path}, {path.stat().st_size // 1024} KB; rows: input, per-frame, ours, "
          f"change per-frame, change ours)")


def throughput(engine, tmp: Path, seconds720: float):
    print("\nThroughput end to end (decode, paint at the video working size, coherence, encode), "
          "default brush")
    stata = sample("stata.jpg", 2000)
    for (w, h), frames in (((640, 360), 48), ((1280, 720), 48), ((1280, 720), round(24 * seconds720))):
        source = clips.make_clip(tmp / f"in_{w}_{frames}.mp4", [stata], w, h, frames, pan=(2.0, 0.5))
        working = video_paint.working_size(w, h)
        start, cpu = time.perf_counter(), sum(os.times()[:2])
        done = video_paint.paint(engine, source, tmp / "out.mp4", STYLE)
        wall, cpu = time.perf_counter() - start, sum(os.times()[:2]) - cpu
        label = f"{w}x{h}, {frames / 24:g} s clip ({frames} frames, working size {working[0]}x{working[1]})"
        print(f"{label:62} {wall:7.1f} s wall ({done.frames / wall:5.2f} fps), {cpu:7.1f} s CPU", flush=True)


def child_rss(path: str) -> None:
    """Paint one clip; print the peak RSS, and the RSS seen at each tenth of the clip."""
    from models.engine import Engine

    engine = Engine(slugs=[STYLE])
    frames = video.probe(path).frames
    seen = []

    def progress(done, _):
        if done % max(1, frames // 10) == 0:
            seen.append(int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20)
    start = time.perf_counter()
    video_paint.paint(engine, path, path + ".out.mp4", STYLE, progress=progress)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{frames} frames in {time.perf_counter() - start:.0f} s; peak RSS {peak} MB; "
          f"RSS each tenth: {' '.join(map(str, seen))} MB")


def rss(tmp: Path, seconds: float):
    frames = round(24 * seconds)
    source = clips.make_clip(tmp / "in_1080.mp4", [sample("stata.jpg", 2400)], 1920, 1080, frames, pan=(1.0, 0.3))
    print(f"\nPeak RSS painting a {seconds:g} s 1920x1080 clip in a fresh process (goal <= 2048 MB):", flush=True)
    subprocess.run([sys.executable, __file__, "--child-rss", str(source)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rss-seconds", type=float, default=30.0)
    parser.add_argument("--clip-seconds", type=float, default=10.0, help="the 720p end-to-end clip")
    parser.add_argument("--strip", type=Path, default=REPO / "docs" / "video-strip.jpg")
    parser.add_argument("--child-rss", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_rss:
        return child_rss(args.child_rss)
    from models.engine import Engine

    print(f"CPU flags: {cpu_flags()}; cores: {len(os.sched_getaffinity(0))}; load average at start: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    engine = Engine(slugs=[STYLE])
    with tempfile.TemporaryDirectory() as tmp:
        coherence(engine, args.strip)
        throughput(engine, Path(tmp), args.clip_seconds)
        rss(Path(tmp), args.rss_seconds)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
