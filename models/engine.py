"""The style engine: every pretrained network loaded once per process, run on photos of any size.

One traced graph (per precision) serves every style and every size: the weights and
the picture are its arguments, with unknown height, width and batch. By default the
photo is mirrored beyond its borders first (models/canvas.py), so no frames appear at
the edges; exact=True paints as the reference implementation does. Photos larger than
`piece_pixels` run in strips with whole-picture statistics (models/strips.py).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from models import canvas, network, strips  # noqa: E402
from models.catalogue import DEFAULT_PATH as CATALOGUE_PATH, Style, load_catalogue  # noqa: E402
from models.checkpoint import load_layers  # noqa: E402
from models.hardware import PRECISIONS, configure_threads, default_precision, gpu_present  # noqa: E402
from models.images import DEFAULT_MAX_PIXELS, ImageTooLarge  # noqa: E402

PIECE_PIXELS = 2_600_000  # canvas area above which photos run in strips (bounds a worker's memory)
STRIP_PIXELS = 500_000  # core area of one strip of a large photo
BATCH = 8  # pictures of one size run together on a GPU (video frames); on a CPU one at a
# time: the convolutions already keep every core busy, and memory stays that of one picture
WARM_UP_SIZES = ((480, 640), (768, 1024))  # (height, width): common upload sizes


class UnknownStyle(ValueError):
    code = "unknown_style"


def default_pretrained_dir() -> Path:
    return Path(os.environ.get("PRETRAINED_DIR") or CATALOGUE_PATH.parent)


def bucket(n: int) -> int:
    """Round a canvas side up: steps of 32 to 1024, 64 to 2048, then 128 (under 7% padding).
    For callers that group sizes; the engine's graph itself takes any size."""
    step = 32 if n <= 1024 else 64 if n <= 2048 else 128
    return -(-n // step) * step


class Engine:
    """Stylise uint8 RGB arrays with any of the loaded styles."""

    def __init__(self, pretrained_dir: str | Path | None = None, precision: str | None = None,
                 slugs: list[str] | tuple[str, ...] | None = None, *,
                 max_pixels: int = DEFAULT_MAX_PIXELS, piece_pixels: int = PIECE_PIXELS,
                 strip_pixels: int = STRIP_PIXELS):
        configure_threads()
        gpu = gpu_present()
        self.batch = BATCH if gpu else 1
        precision = precision or os.environ.get("ENGINE_PRECISION") or default_precision(gpu)
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
        self._layers = {s.slug: network.prepare(load_layers(directory / s.slug), self.dtype)
                        for s in self._styles}
        self._functions: dict[str, object] = {}
        self._lock = threading.Lock()

    @property
    def styles(self) -> tuple[Style, ...]:
        return self._styles

    @property
    def traced_graphs(self) -> int:
        """How many graphs this engine has traced so far (each serves every size and style)."""
        return sum(fn.experimental_get_tracing_count() for fn in self._functions.values())

    def layers(self, slug: str) -> dict:
        """A style's prepare()'d layers."""
        if slug not in self._layers:
            raise UnknownStyle(f"Unknown style {slug!r}; choose one of {', '.join(self._layers)}.")
        return self._layers[slug]

    def function(self, name: str, body, *signature):
        """The tf.function `name`, traced once: shapes in `signature` leave sizes open."""
        with self._lock:
            if name not in self._functions:
                self._functions[name] = tf.function(body, autograph=False, input_signature=signature)
            return self._functions[name]

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
        """Several pictures; those of one size run as one batch (video frames): no retracing."""
        for rgb in images:
            self._check(rgb)
        layers = self.layers(slug)  # unknown style: fail before any work
        results: list[np.ndarray | None] = [None] * len(images)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, rgb in enumerate(images):
            groups.setdefault(rgb.shape[:2], []).append(i)
        for (height, width), indices in groups.items():
            if self.in_strips(height, width, exact):
                for i in indices:
                    results[i] = strips.paint(self, images[i], layers)
                continue
            for start in range(0, len(indices), self.batch):
                chunk = indices[start:start + self.batch]
                pictures = np.stack([images[i] if exact else canvas.extend(images[i]) for i in chunk])
                piece = self.function("piece", _piece, _PICTURES, network.spec(layers))
                out = canvas.crop(piece(pictures, layers).numpy(), height, width, exact)
                for i, picture in zip(chunk, out):
                    results[i] = np.ascontiguousarray(picture)
        return results

    def in_strips(self, height: int, width: int, exact: bool = False) -> bool:
        """Whether a photo this size runs in strips (exact=True always runs in one piece,
        as the reference implementation does)."""
        return not exact and (height + 2 * canvas.MARGIN) * (width + 2 * canvas.MARGIN) > self.piece_pixels

    def warm_up(self, sizes=WARM_UP_SIZES) -> None:
        """Trace the graph and run the given sizes once, so the first real photos are not slow
        (oneDNN prepares its kernels per size on first use)."""
        slug = self._styles[0].slug
        for height, width in sizes:
            self.stylize(np.zeros((height, width, 3), np.uint8), slug)


_PICTURES = tf.TensorSpec([None, None, None, 3], tf.uint8)


def _piece(pictures, layers):
    return network.TransformerNet(layers)(pictures)


_engines: dict[tuple, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(pretrained_dir: str | Path | None = None, precision: str | None = None) -> Engine:
    """This process's engine for a weights folder, created on first use (thread-safe)."""
    key = (str(Path(pretrained_dir).resolve()) if pretrained_dir else None, precision)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(pretrained_dir, precision)
        return _engines[key]
