"""Photos of 1, 12, 24 and 48 megapixels, each brush, through a real worker.

For each size and brush: seconds from upload (jobs.submit, the service the site and the
API call) to a finished job, run by one real Celery worker (concurrency 1, as `make
run`) on the embedded filesystem broker; the worker's peak and after-job RSS (sampled
every 50 ms from /proc); style fidelity (the result scaled down to the working size
against the working-size painting, PSNR) and sharpness (mean gradient of the result
over that of a plain Lanczos resize of the painting). Then the same-picture figure
(12 MP and the same photo at 6 MP, both medium, at 1024 px), the upsamplers compared
at 12 MP, and the previews' cost and agreement with the result.
The photos: ../shared/samples/stata.jpg, Lanczos up to each size with sensor grain.

    .venv/bin/python bench/sizes.py [--sizes 1,12,24,48] [--fine-up-to 12] [--docs]
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from models import brush, images, pipeline, quality, upsample  # noqa: E402
from tests.engine.phone import phone_photo, scaled  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
STYLE = "la_muse"  # the style with the finest texture: the hardest to keep when upsampling


def cpu_flags() -> str:
    flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0]
    return " ".join(f for f in ("avx2", "avx512f", "avx512_bf16", "amx_bf16") if f" {f}" in flags)


def photo_of(megapixels: float) -> np.ndarray:
    aspect = 679 / 1024  # stata.jpg's
    return phone_photo(SAMPLES, width=round((megapixels * 1e6 / aspect) ** 0.5))


class RssSampler:
    """The largest resident set of the worker's processes, sampled while a job runs."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def current(self) -> int:
        largest = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if os.getpgid(int(entry.name)) != self.pid:
                    continue
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        largest = max(largest, int(line.split()[1]) * 1024)
            except (OSError, ProcessLookupError):
                continue
        return largest

    def cpu_seconds(self) -> float:
        """User and system CPU time of the worker's processes so far (steadier than wall
        time on a shared machine: on 2 idle cores, wall is about CPU / 1.5)."""
        ticks = 0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.pid:
                        fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                        ticks += int(fields[11]) + int(fields[12])
                except (OSError, ProcessLookupError, IndexError):
                    continue
        return ticks / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self.cpu_before = self.cpu_seconds()
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.current())
            time.sleep(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.cpu = self.cpu_seconds() - self.cpu_before


def one_job(user_id, photo_bytes: bytes, name: str, sampler: RssSampler):
    from app.records import Job
    from app.services import jobs, storage
    from app.extensions import db
    from tests.app.workers import wait_for

    with sampler:
        started = time.perf_counter()
        job_id = jobs.submit(user_id, photo_bytes, STYLE, brush=name).id

        def done():
            db.session.expire_all()
            job = db.session.get(Job, job_id)
            assert job.status != "failed", job.error
            return job if job.status == "done" else None
        job = wait_for(done, timeout=900, interval=0.05, what="job")
        seconds = time.perf_counter() - started
    return seconds, images.decode(storage.load_bytes(job.result_id)).rgb


def figures(engine, photo: np.ndarray, result: np.ndarray, name: str) -> tuple[float, float]:
    size = brush.working_size(photo.shape[1], photo.shape[0], name)
    painting = engine.stylize(upsample.resize(photo, size), STYLE)
    fidelity = quality.psnr(upsample.resize(result, size), painting)
    return fidelity, quality.sharpness(result) / quality.sharpness(upsample.lanczos(painting, photo))


def jpeg(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def compare_upsamplers(engine, photo: np.ndarray) -> None:
    print("\nUpsamplers at 12 MP, medium (fidelity dB / sharpness ratio / seconds), per style:")
    size = brush.working_size(photo.shape[1], photo.shape[0], "medium")
    small = upsample.resize(photo, size)
    for slug in ("la_muse", "the_scream", "wave"):
        painting = engine.stylize(small, slug)
        base = quality.sharpness(upsample.lanczos(painting, photo))
        row = []
        for label, method in (("lanczos", upsample.lanczos), ("detail", upsample.detail_transfer),
                              ("detail x0.5", lambda p, f: upsample.detail_transfer(p, f, 0.5)),
                              ("guided r1", lambda p, f: upsample.guided(p, f, 1)),
                              ("guided r4", lambda p, f: upsample.guided(p, f, 4, 1e-2))):
            t = time.perf_counter()
            full = method(painting, photo)
            dt = time.perf_counter() - t
            row.append(f"{label} {quality.psnr(upsample.resize(full, size), painting):.1f}/"
                       f"{quality.sharpness(full) / base:.2f}/{dt:.2f}")
        print(f"  {slug:12} " + "  ".join(row))


def compare_previews(engine, photo: np.ndarray, docs: bool) -> None:
    print("\nPreviews (six styles) at 12 MP: seconds in-process; PSNR against the result at 256 px:")
    slugs = [s.slug for s in engine.styles]
    for name in ("broad", "medium"):
        t = time.perf_counter()
        shown = pipeline.previews(engine, photo, slugs, brush=name)
        dt = time.perf_counter() - t
        agree = []
        for slug, preview in shown.items():
            result = pipeline.render(engine, photo, slug, brush=name)
            agree.append(quality.psnr(upsample.resize(result, preview.shape[1::-1]), preview))
            if docs and name == "medium" and slug == "the_scream":
                Image.fromarray(scaled(result, 1200)).save(ROOT / "docs/brush-12mp-result.jpg", quality=85)
                Image.fromarray(preview).save(ROOT / "docs/brush-12mp-preview.jpg", quality=90)
        print(f"  {name:7} {dt:5.1f} s   PSNR min {min(agree):.1f} dB, mean {np.mean(agree):.1f} dB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,12,24,48")
    parser.add_argument("--fine-up-to", type=float, default=12, help="megapixels; fine above is skipped")
    parser.add_argument("--docs", action="store_true", help="write docs/brush-12mp-*.jpg")
    parser.add_argument("--no-previews", action="store_true", help="skip the previews' figures")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from app import create_app
    from app.services import accounts, credits
    from models.engine import Engine
    from tests.app.workers import Worker

    print(f"CPU flags: {cpu_flags()}; cores: {len(os.sched_getaffinity(0))}; load: {os.getloadavg()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-sizes-"))
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    settings = {"SQLALCHEMY_DATABASE_URI": url, "BROKER_DIR": str(tmp / "broker"),
                "CELERY_QUEUE": "bench-sizes"}
    site = create_app(settings)
    engine = Engine(slugs=None)
    with site.app_context():
        upgrade()
        user = accounts.create_user("bench@example.com", "bench password", free_credits=0)
        credits.grant(user, 1000, "bench")
        worker = Worker("sizes", url, "filesystem://", str(tmp / "broker"), tmp,
                        extra_env={"CELERY_QUEUE": "bench-sizes"}).start()
        sampler = RssSampler(worker.process.pid)
        try:
            warm = jpeg(photo_of(2))  # traces the working sizes' graphs (all photos share a shape)
            for name in ("broad", "medium"):
                one_job(user.id, warm, name, sampler)
            print(f"\nworker RSS after warm-up: {sampler.current() / 2**30:.2f} GiB")
            print(f"{'MP':>5} {'brush':7} {'upload→done s':>13} {'worker CPU s':>12} {'peak RSS GiB':>12} "
                  f"{'RSS after':>9} {'fidelity dB':>11} {'sharpness':>9}")
            results = {}
            for mp in [float(s) for s in args.sizes.split(",")]:
                photo = photo_of(mp)
                data = jpeg(photo)
                photo = images.decode(data).rgb  # as the worker sees it
                for name in brush.BRUSHES:
                    if name == "fine" and mp > args.fine_up_to:
                        print(f"{mp:5.0f} {name:7} skipped: every pixel of {mp:.0f} MP takes minutes "
                              f"on 2 cores (raise --fine-up-to to measure)")
                        continue
                    seconds, result = one_job(user.id, data, name, sampler)
                    # fine is the painting itself: nothing was brought to full size
                    quality_figures = ("{:11.1f} {:9.2f}".format(*figures(engine, photo, result, name))
                                       if name != "fine" else f"{'-':>11} {'-':>9}")
                    print(f"{mp:5.0f} {name:7} {seconds:13.1f} {sampler.cpu:12.1f} {sampler.peak / 2**30:12.2f} "
                          f"{sampler.current() / 2**30:9.2f} {quality_figures}", flush=True)
                    if name == "medium":
                        results[mp] = result
            big = photo_of(12)
            half = jpeg(upsample.resize(big, (round(big.shape[1] / 2 ** 0.5), round(big.shape[0] / 2 ** 0.5))))
            twelve = results.get(12.0) if 12.0 in results else one_job(user.id, jpeg(big), "medium", sampler)[1]
            six = one_job(user.id, half, "medium", sampler)[1]
            print(f"\nSame picture at any resolution (12 MP against 6 MP, medium, at 1024 px): "
                  f"{quality.psnr(scaled(twelve, 1024), scaled(six, 1024)):.1f} dB")
        finally:
            worker.stop()
    compare_upsamplers(engine, big)
    if not args.no_previews:
        compare_previews(engine, big, args.docs)
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
