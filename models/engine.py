"""The style engine: every pretrained network loaded once per process, run on photos of any size.

A photo up to `piece_pixels` runs in one piece on a zero canvas rounded up to a size
bucket, so one traced graph serves every photo (and every style) of that bucket;
masks keep the padding out of the statistics, so the result is the bare network's.
Larger photos run in strips with the statistics of the whole picture (see
"Large pictures" below), which bounds memory and leaves no seams.
"""
from __future__ import annotations

import os
import threading
from functools import partial
from pathlib import Path

# Why: TensorFlow's default CPU allocator hands every large tensor back to the
# kernel and page-faults it in again on the next call (about 3x slower here);
# the pooled BFC allocator keeps it. Read once, when TensorFlow starts.
os.environ.setdefault("TF_CPU_ALLOCATOR_USE_BFC", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from models import network  # noqa: E402
from models.catalogue import DEFAULT_PATH as CATALOGUE_PATH, Style, load_catalogue  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.images import DEFAULT_MAX_PIXELS, ImageTooLarge  # noqa: E402

PRECISIONS = {"float32": tf.float32, "bfloat16": tf.bfloat16, "float16": tf.float16}
PIECE_PIXELS = 2_600_000  # bucketed canvas area above which photos run in strips: keeps a
# worker under 3 GiB whatever it has run (one 4 MP piece left a float32 worker at 3.2 GB)
STRIP_PIXELS = 500_000  # core area of one strip of a large photo (bounds working memory)
WARM_UP_SIZES = ((480, 640), (768, 1024))  # (height, width): common upload buckets


class UnknownStyle(ValueError):
    code = "unknown_style"


def default_pretrained_dir() -> Path:
    return Path(os.environ.get("PRETRAINED_DIR") or CATALOGUE_PATH.parent)


def bucket(n: int) -> int:
    """Round a canvas side up: steps of 32 to 1024, 64 to 2048, then 128 (under 7% padding)."""
    step = 32 if n <= 1024 else 64 if n <= 2048 else 128
    return -(-n // step) * step


def _configure_threads() -> None:
    """One intra-op thread per core we may run on; ops in this chain rarely overlap."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        tf.config.threading.set_intra_op_parallelism_threads(cores or 1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass  # TensorFlow already started in this process: keep its settings


def _gpu_present() -> bool:
    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass
    return bool(gpus)


class Engine:
    """Stylise uint8 RGB arrays with any of the loaded styles."""

    def __init__(self, pretrained_dir: str | Path | None = None, precision: str | None = None,
                 slugs: list[str] | tuple[str, ...] | None = None, *,
                 max_pixels: int = DEFAULT_MAX_PIXELS, piece_pixels: int = PIECE_PIXELS,
                 strip_pixels: int = STRIP_PIXELS):
        _configure_threads()
        gpu = _gpu_present()
        # Mixed precision on a GPU (float16 maths, float32 statistics), like Keras's
        # mixed_float16 policy; on CPUs without bf16/fp16 units float32 is fastest.
        precision = precision or os.environ.get("ENGINE_PRECISION") or ("float16" if gpu else "float32")
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        self.precision, self.dtype = precision, PRECISIONS[precision]
        self.max_pixels, self.piece_pixels, self.strip_pixels = max_pixels, piece_pixels, strip_pixels
        directory = Path(pretrained_dir) if pretrained_dir else default_pretrained_dir()
        catalogue_path = directory / "catalogue.json"
        catalogue = load_catalogue(catalogue_path if catalogue_path.is_file() else None)
        wanted = set(slugs) if slugs is not None else {s.slug for s in catalogue}
        unknown = wanted - {s.slug for s in catalogue}
        if unknown:
            raise UnknownStyle(f"Unknown style(s): {', '.join(sorted(unknown))}")
        self._styles = tuple(s for s in catalogue if s.slug in wanted)
        self._raw = {s.slug: load_checkpoint(directory / s.slug) for s in self._styles}
        self._weights: dict[tuple[str, bool], list[tf.Tensor]] = {}
        self._functions: dict[tuple, object] = {}
        self._lock = threading.Lock()

    @property
    def styles(self) -> tuple[Style, ...]:
        return self._styles

    @property
    def traced_graphs(self) -> int:
        """How many graphs (bucket shapes, strip passes) this engine has built so far."""
        return len(self._functions)

    def weights(self, slug: str, transpose: bool = False) -> list[tf.Tensor]:
        """The network's tensors for a style; transpose=True for the transposed picture."""
        if slug not in self._raw:
            raise UnknownStyle(f"Unknown style {slug!r}; choose one of {', '.join(self._raw)}.")
        with self._lock:
            key = (slug, transpose)
            if key not in self._weights:
                self._weights[key] = [tf.constant(t) for t in network.prepare(self._raw[slug], transpose)]
            return self._weights[key]

    def function(self, key: tuple, build):
        """A tf.function per key (bucket shape, strip pass...), built once: no retracing storms."""
        with self._lock:
            if key not in self._functions:
                self._functions[key] = tf.function(build(), autograph=False)
            return self._functions[key]

    def _check(self, rgb: np.ndarray) -> None:
        if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError("stylize expects a uint8 array of shape (height, width, 3)")
        height, width = rgb.shape[:2]
        if height < 1 or width < 1:
            raise ValueError("the image has no pixels")
        if height * width > self.max_pixels:
            raise ImageTooLarge(f"The image is {width}x{height} ({height * width / 1e6:.1f} megapixels); "
                                f"the limit is {self.max_pixels / 1e6:g} megapixels.")

    def stylize(self, rgb: np.ndarray, slug: str, *, exact: bool = False) -> np.ndarray:
        """The stylised picture, uint8, the same height and width as `rgb`.

        exact=True paints as the reference implementation does (zero padding at the
        borders, every pixel painted), to reproduce published outputs."""
        return self.stylize_batch([rgb], slug, exact=exact)[0]

    def stylize_batch(self, images: list[np.ndarray], slug: str, *, exact: bool = False) -> list[np.ndarray]:
        """Several pictures; those sharing a bucket run as one batch (pays off on GPUs)."""
        for rgb in images:
            self._check(rgb)
        self.weights(slug)  # unknown style: fail before any work
        results: list[np.ndarray | None] = [None] * len(images)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, rgb in enumerate(images):
            shape = self._piece_shape(*rgb.shape[:2])
            if shape[0] * shape[1] > self.piece_pixels:
                results[i] = _run_strips(self, rgb, slug)
            else:
                groups.setdefault(shape, []).append(i)
        for shape, indices in groups.items():
            for start in range(0, len(indices), 8):
                chunk = indices[start:start + 8]
                for i, out in zip(chunk, self._pieces([images[i] for i in chunk], shape, slug)):
                    results[i] = out
        return results

    @staticmethod
    def _piece_shape(height: int, width: int) -> tuple[int, int]:
        """Bucketed canvas (short side first: portrait photos share landscape buckets)."""
        short, long = sorted((height, width))
        return bucket(short + network.offset(short)), bucket(long + network.offset(long))

    def _pieces(self, images: list[np.ndarray], shape: tuple[int, int], slug: str) -> list[np.ndarray]:
        canvas = np.zeros((len(images), *shape, 3), np.uint8)
        bounds = np.zeros((len(images), 4, 4), np.int32)
        upright = [rgb.shape[0] > rgb.shape[1] for rgb in images]
        for i, (rgb, turn) in enumerate(zip(images, upright)):
            rgb = rgb.transpose(1, 0, 2) if turn else rgb
            (h, w), oh, ow = rgb.shape[:2], network.offset(rgb.shape[0]), network.offset(rgb.shape[1])
            canvas[i, oh:oh + h, ow:ow + w] = rgb
            bounds[i] = [[*r, *c] for r, c in zip(network.regions(h), network.regions(w))]
        out = np.empty_like(canvas)
        # a batch mixes orientations only if asked to; run each orientation with its weights
        for turn in sorted(set(upright)):
            idx = [i for i, t in enumerate(upright) if t == turn]
            fn = self.function(("piece", len(idx), *shape, self.precision), self._build_piece)
            out[idx] = fn(canvas[idx], bounds[idx], self.weights(slug, turn)).numpy()
        results = []
        for i, (rgb, turn) in enumerate(zip(images, upright)):
            h, w = (rgb.shape[1], rgb.shape[0]) if turn else rgb.shape[:2]
            oh, ow = network.offset(h), network.offset(w)
            piece = out[i, oh:oh + h, ow:ow + w]
            results.append(np.ascontiguousarray(piece.transpose(1, 0, 2) if turn else piece))
        return results

    def _build_piece(self):
        dtype = self.dtype

        def piece(canvas, bounds, weights):
            pixels = network.TransformerNet(weights)(tf.cast(canvas, tf.float32),
                                                     network.MaskedNorm(bounds, dtype))
            return tf.cast(tf.round(pixels), tf.uint8)
        return piece

    def warm_up(self, sizes=WARM_UP_SIZES) -> None:
        """Trace and run the common buckets once, so the first real photos are not slow."""
        slug = self._styles[0].slug
        for height, width in sizes:
            self.stylize(np.zeros((height, width, 3), np.uint8), slug)


_engines: dict[tuple, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(pretrained_dir: str | Path | None = None, precision: str | None = None) -> Engine:
    """This process's engine for a weights folder, created on first use (thread-safe)."""
    key = (str(Path(pretrained_dir).resolve()) if pretrained_dir else None, precision)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(pretrained_dir, precision)
        return _engines[key]


# Large pictures. Instance norm needs each layer's statistics over the whole
# picture, so layers run strip by strip, one pass per normalised layer:
#  - encoder (full to quarter resolution): recomputed from the photo on each pass
#    (cheap layers); the last pass stores the quarter-resolution map;
#  - residual blocks: one pass per convolution over stored quarter-resolution maps
#    (the block's inner map is updated in place, so two maps in memory);
#  - decoder: recomputed from the stored map on each pass; the last stores the
#    output before its norm, which is applied at the end.
# Strips overlap by a halo wider than the layers' reach, and masks reproduce the
# zero padding at the picture's edges, so the result equals the one-piece run.
HALO = 16  # full-resolution rows around an encoder strip (the encoder reaches 10)
MAP_HALO = 4  # quarter-resolution rows around a decoder strip (reach 2); map padding
CONV_HALO = 2  # quarter-resolution rows around one 3x3 convolution (reach 1)
SCALES = (1, 2, 4, 2)  # size divisor of each mask level (see network.regions)


class _Plan:
    """Where the strips of an h x w photo lie on its canvas."""

    def __init__(self, height: int, width: int, strip_pixels: int):
        self.h, self.w = height, width
        self.oh, self.ow = network.offset(height), network.offset(width)
        self.width = bucket(width + self.ow)
        # as many strips as the strip area allows, then as short as they can be
        self.count = -(-(height + self.oh) * self.width // max(strip_pixels, 32 * self.width))
        self.rows = -(-(height + self.oh) // (32 * self.count)) * 32
        self.height = self.count * self.rows
        self.regions = list(zip(network.regions(height), network.regions(width)))

    def bounds(self, origin: int, strip: int | None = None) -> np.ndarray:
        """Mask bounds for a window whose first row is canvas row `origin` (a multiple
        of 4); with `strip`, restricted to that strip's core rows (for statistics)."""
        out = []
        for ((lo, hi), (c0, c1)), s in zip(self.regions, SCALES):
            lo, hi = lo - origin // s, hi - origin // s
            if strip is not None:
                lo = max(lo, (strip * self.rows - origin) // s)
                hi = min(hi, ((strip + 1) * self.rows - origin) // s)
            out.append([lo, hi, c0, c1])
        return np.array([out], np.int32)


def _combine(parts) -> tuple[tf.Tensor, tf.Tensor]:
    """Whole-picture (mean, variance) from per-strip (count, mean, squared deviations)."""
    count, mean, m2 = (np.stack([p[i].numpy() for p in parts]).astype(np.float64) for i in range(3))
    total = np.maximum(count.sum(0), 1.0)
    overall = (count * mean).sum(0) / total
    var = (m2 + count * (mean - overall) ** 2).sum(0) / total
    return tf.constant(overall, tf.float32), tf.constant(var, tf.float32)


def _build_segment(engine: Engine, first: int, last: int, crop: int, length: int):
    """Units first..last-1 with known statistics, then unit `last`'s convolution:
    its core rows and its partial statistics there."""
    dtype = engine.dtype

    def segment(x, bounds, core, stats, weights):
        units = network.TransformerNet(weights).units
        norm = network.MaskedNorm(bounds, dtype, stats)
        x = tf.cast(x, tf.float32)
        for unit in units[first:last]:
            x = unit(x, norm)
        return _convolve(units[last], x, core, dtype, crop, length)
    return segment


def _build_residual_conv(engine: Engine, crop: int, length: int, pending: bool):
    """One residual-block convolution (any of the ten: the kernel is an argument).
    `pending`: the input is the block's first convolution, still to be normalised."""
    dtype = engine.dtype

    def conv(x, bounds, core, stats, kernel, previous):
        x = tf.cast(x, tf.float32)
        norm = network.MaskedNorm(bounds, dtype, {0: stats} if pending else None)
        if pending:
            x = norm(_unit((None, *previous), 0), x)
        return _convolve(_unit((kernel, None, None), 1, network.WinogradConv), x, core, dtype, crop, length)
    return conv


def _unit(weights, index: int, kind=network.ConvNorm) -> network.ConvNorm:
    unit = kind(weights, level=2)
    unit.index = index
    return unit


def _convolve(unit, x, core, dtype, crop, length):
    y = tf.cast(unit.linear(tf.cast(x, dtype)), tf.float32)
    shape = tf.shape(y)
    m = network.mask(core, unit.level, shape[1], shape[2])
    return (y[:, crop:crop + length], *network.moments(unit, y, m))


def _gain_bias(stats, shift, scale, phases: bool = False):
    """Per-channel float32 (gain, bias) of a norm whose statistics are known."""
    mean, var = (v.numpy()[0].astype(np.float64) for v in stats)
    gain = scale / np.sqrt(var + network.EPSILON)
    gain, bias = gain.astype(np.float32), (shift - mean * gain).astype(np.float32)
    return (np.tile(gain, 4), np.tile(bias, 4)) if phases else (gain, bias)


def _normalise(target: np.ndarray, source: np.ndarray, gain, bias, relu=False, add=False) -> None:
    """target (+)= act(source * gain + bias), in float32, a few rows at a time (no
    full-size temporaries); target may be source."""
    for r in range(0, target.shape[0], 64):
        y = source[r:r + 64].astype(np.float32) * gain + bias
        if relu:
            np.maximum(y, 0, out=y)
        if add:
            target[r:r + 64] += y
        else:
            target[r:r + 64] = y


class _Strips:
    """One large photo's run. Stored maps: x (the residual stream, quarter
    resolution, float32) and h (a residual block's inner map, float16 to halve its
    memory; values stay far inside float16's range)."""

    def __init__(self, engine: Engine, plan: _Plan, weights, raw):
        self.engine, self.plan, self.weights, self.raw = engine, plan, weights, raw
        self.stats: dict[int, tuple] = {}
        self.quarter = plan.regions[2][0][1], plan.regions[2][1][1]  # real rows, columns

    def run(self, key, level, build, args, windows, store=None):
        """One traced pass over every strip; windows(k) -> (array, canvas row of its
        top). Returns the whole-picture statistics of the pass's last convolution."""
        sample, origin = windows(0)
        crop, length = -origin // SCALES[level], self.plan.rows // SCALES[level]
        engine = self.engine
        fn = engine.function((*key, sample.shape, crop, engine.precision), lambda: build(engine, crop, length))
        parts = []
        for k in range(self.plan.count):
            window, origin = windows(k)
            y, *part = fn(window[None], self.plan.bounds(origin), self.plan.bounds(origin, k), *args)
            parts.append(part)
            if store is not None:
                store(k, y.numpy()[0])
        return _combine(parts)

    def encode(self, rgb: np.ndarray) -> np.ndarray:
        """Layers 1-3, recomputed from the photo for each layer's statistics."""
        plan, S, P = self.plan, self.plan.rows, MAP_HALO
        canvas = np.zeros((plan.height + 2 * HALO, plan.width, 3), np.uint8)
        canvas[HALO + plan.oh:HALO + plan.oh + plan.h, plan.ow:plan.ow + plan.w] = rgb
        x = np.zeros((plan.height // 4 + 2 * P, plan.width // 4, 128), np.float32)

        def photo(k):
            return canvas[k * S:k * S + S + 2 * HALO], k * S - HALO

        def store(k, y):
            x[P + k * S // 4:P + (k + 1) * S // 4] = y
        for last in range(3):
            self.stats[last] = self.run(
                ("encoder", last), last, lambda e, crop, length, last=last: _build_segment(e, 0, last, crop, length),
                ({i: self.stats[i] for i in range(last)}, self.weights), photo, store if last == 2 else None)
        rows, cols = self.quarter
        inner = x[P:P + rows, :cols]
        _normalise(inner, inner, *_gain_bias(self.stats[2], self.raw[7], self.raw[8]), relu=True)
        x[P + rows:] = 0
        x[:, cols:] = 0
        return x

    def residuals(self, x: np.ndarray) -> None:
        """The five blocks, one pass per convolution, x updated in place."""
        q, c, P, w = self.plan.rows // 4, CONV_HALO, MAP_HALO, self.weights
        h = np.zeros(x.shape, np.float16)
        saved = {}  # the second convolution overwrites h: the rows the next strip still reads

        def from_x(k):
            return x[P + k * q - c:P + (k + 1) * q + c], 4 * (k * q - c)

        def from_h(k):
            top = saved.pop(k, h[P + k * q - c:P + k * q])
            return np.concatenate([top, h[P + k * q:P + (k + 1) * q + c]]), 4 * (k * q - c)

        def store(k, y):
            h[P + k * q:P + (k + 1) * q] = y

        def store_in_place(k, y):
            saved[k + 1] = h[P + (k + 1) * q - c:P + (k + 1) * q].copy()
            store(k, y)
        rows, cols = self.quarter
        for a in range(9, 39, 6):  # tensor index of each block's first kernel
            first = self.run(("residual", False), 2, partial(_build_residual_conv, pending=False),
                             (None, w[a], None), from_x, store)
            second = self.run(("residual", True), 2, partial(_build_residual_conv, pending=True),
                              (first, w[a + 3], (w[a + 1], w[a + 2])), from_h, store_in_place)
            saved.clear()
            _normalise(x[P:P + rows, :cols], h[P:P + rows, :cols],
                       *_gain_bias(second, self.raw[a + 4], self.raw[a + 5]), add=True)

    def decode(self, x: np.ndarray) -> np.ndarray:
        """Layers 14-16, recomputed from x for each layer's statistics; uint8 canvas."""
        plan, S, q, P = self.plan, self.plan.rows, self.plan.rows // 4, MAP_HALO
        out = np.zeros((plan.height // 2, plan.width // 2, 12), np.float32)  # phase form

        def from_map(k):
            return x[k * q:(k + 1) * q + 2 * P], 4 * (k * q - P)

        def store(k, y):
            out[k * S // 2:(k + 1) * S // 2] = y
        for last in (13, 14, 15):
            self.stats[last] = self.run(
                ("decoder", last), 3, lambda e, crop, length, last=last: _build_segment(e, 13, last, crop, length),
                ({i: self.stats[i] for i in range(13, last)}, self.weights), from_map,
                store if last == 15 else None)
        _normalise(out, out, *_gain_bias(self.stats[15], self.raw[46], self.raw[47], phases=True))
        pixels = np.empty((plan.height, plan.width, 3), np.uint8)
        for r in range(0, out.shape[0], 64):
            y = np.clip(np.tanh(out[r:r + 64]) * 150.0 + 127.5, 0.0, 255.0)
            rows = np.rint(y).astype(np.uint8).reshape(y.shape[0], y.shape[1], 2, 2, 3)
            pixels[2 * r:2 * r + 2 * y.shape[0]] = rows.transpose(0, 2, 1, 3, 4).reshape(-1, plan.width, 3)
        return pixels


def _run_strips(engine: Engine, rgb: np.ndarray, slug: str) -> np.ndarray:
    turn = rgb.shape[1] > rgb.shape[0]  # strips run along the long side
    rgb = rgb.transpose(1, 0, 2) if turn else rgb
    plan = _Plan(*rgb.shape[:2], engine.strip_pixels)
    strips = _Strips(engine, plan, engine.weights(slug, turn), engine._raw[slug])
    x = strips.encode(rgb)
    strips.residuals(x)
    pixels = strips.decode(x)[plan.oh:plan.oh + plan.h, plan.ow:plan.ow + plan.w]
    return np.ascontiguousarray(pixels.transpose(1, 0, 2) if turn else pixels)
