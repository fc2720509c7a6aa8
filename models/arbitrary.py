"""Any picture as the style: the arbitrary style transfer network of Ghiasi et al. (2017,
"Exploring the structure of a real-time, arbitrary neural artistic stylization network"),
in the TensorFlow Lite form published by Google (../shared/arbitrary/README.md).

Two models: a style predictor turns a 256x256 picture into a style vector of 100
numbers; a transformer paints a photo of any size with a style vector. Strength
blends the painting's vector with the photo's own (`v = s * v_style + (1 - s) * v_photo`).
No Flask here; TensorFlow loads with this module (workers and the command line only).
"""
from __future__ import annotations

import hashlib
import os
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

import numpy as np
from PIL import Image

from models import images
from models.mix import painting_file

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

PREDICTOR = "style_predict_quantized_256.tflite"
TRANSFORMER = "style_transfer_quantized_dynamic.tflite"
# Pinned: scripts/install_assets.py refuses other files, and so does the loader.
SHA256 = {PREDICTOR: "af6ad4b2e7aeba0675f32636082ab915ced5375229a3f8aff7e714c6213f5ed2",
          TRANSFORMER: "69b191c1f1f3f6520634293803a528469015a00269f982ebd38b7850f68d9341"}
DEFAULT_DIR = Path(__file__).resolve().parent / "assets" / "arbitrary"
STYLE_SIDE = 256  # the predictor's input
MAX_CONTENT_PIXELS = 1_000_000  # larger photos are painted at this size, then scaled back up
MIN_SIDE = 16  # tinier photos are padded (edge pixels repeated) up to this
CACHE_SIZE = 128  # style vectors kept per process


class AssetsMissing(RuntimeError):
    """The .tflite files are not installed, or are not the pinned ones."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def square(rgb: np.ndarray, side: int = STYLE_SIDE) -> np.ndarray:
    """The central square, resized to side x side (as Google's TF Lite example prepares styles)."""
    height, width = rgb.shape[:2]
    short = min(height, width)
    top, left = (height - short) // 2, (width - short) // 2
    crop = Image.fromarray(np.ascontiguousarray(rgb[top:top + short, left:left + short]))
    return np.asarray(crop.resize((side, side), Image.Resampling.BICUBIC))


def _interpreter(path: Path) -> tf.lite.Interpreter:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with warnings.catch_warnings():  # deprecated for ai-edge-litert in TF 2.20+, same API
        warnings.simplefilter("ignore")
        return tf.lite.Interpreter(model_path=str(path), num_threads=cores or 1)


class ArbitraryStyler:
    """Style vectors from pictures, and photos painted with them (thread-safe)."""

    def __init__(self, assets_dir: str | Path | None = None):
        directory = Path(assets_dir) if assets_dir else DEFAULT_DIR
        for name, digest in SHA256.items():
            path = directory / name
            if not path.is_file():
                raise AssetsMissing(f"{path} is missing: run `make setup` (scripts/install_assets.py).")
            if sha256_of(path) != digest:
                raise AssetsMissing(f"{path} is not the pinned model (sha256 differs).")
        self._predictor = _interpreter(directory / PREDICTOR)
        self._predictor.allocate_tensors()
        self._transformer = _interpreter(directory / TRANSFORMER)
        inputs = self._transformer.get_input_details()
        self._content = next(d["index"] for d in inputs if "content" in d["name"])
        self._style = next(d["index"] for d in inputs if d["index"] != self._content)
        self._output = self._transformer.get_output_details()[0]["index"]
        self._shape: tuple[int, ...] | None = None
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._paintings: dict[str, np.ndarray] = {}  # painting files' vectors, by path
        self._lock = threading.Lock()

    def style_vector(self, rgb: np.ndarray) -> np.ndarray:
        """The style vector (float32, shape [1, 1, 1, 100]) of a picture; cached per picture."""
        pixels = square(rgb)
        key = hashlib.sha256(pixels.tobytes()).hexdigest()
        with self._lock:
            if key in self._vectors:
                self._vectors.move_to_end(key)
                return self._vectors[key]
            detail = self._predictor.get_input_details()[0]
            self._predictor.set_tensor(detail["index"], pixels[None].astype(np.float32) / 255.0)
            self._predictor.invoke()
            vector = self._predictor.get_tensor(self._predictor.get_output_details()[0]["index"]).copy()
            self._vectors[key] = vector
            if len(self._vectors) > CACHE_SIZE:
                self._vectors.popitem(last=False)
            return vector

    def painting_vector(self, name: str | os.PathLike) -> np.ndarray:
        """The style vector of a catalogue slug's painting or a picture file, read once per
        process (the six are read at worker start: models.mix via app/tasks.py)."""
        path = str(painting_file(name).resolve())
        if path not in self._paintings:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise images.ImageError(f"{name}: cannot read it ({exc.strerror or exc})") from exc
            self._paintings[path] = self.style_vector(images.decode(data).rgb)
        return self._paintings[path]

    def mix_vector(self, parts) -> np.ndarray:
        """The weighted mean of several paintings' style vectors, weights normalised to sum
        to 1. `parts`: (part, weight) pairs, a part a picture (uint8 RGB) or a painting's
        slug or file (painting_vector)."""
        total = float(sum(weight for _, weight in parts))
        if not parts or not total > 0:
            raise ValueError("a mix needs weights that sum to more than zero")
        vector = None
        for part, weight in parts:
            single = self.style_vector(part) if isinstance(part, np.ndarray) else self.painting_vector(part)
            term = (weight / total) * single
            vector = term if vector is None else vector + term
        return vector

    def transfer(self, rgb: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """Paint `rgb` (uint8, any size) with a style vector; the result has rgb's size."""
        height, width = rgb.shape[:2]
        content = rgb
        if height * width > MAX_CONTENT_PIXELS:
            scale = (MAX_CONTENT_PIXELS / (height * width)) ** 0.5
            size = (max(1, int(width * scale)), max(1, int(height * scale)))
            content = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.LANCZOS))
        h, w = content.shape[:2]
        if h < MIN_SIDE or w < MIN_SIDE:
            content = np.pad(content, ((0, max(0, MIN_SIDE - h)), (0, max(0, MIN_SIDE - w)), (0, 0)),
                             mode="edge")
        batch = content[None].astype(np.float32) / 255.0
        with self._lock:
            if self._shape != batch.shape:  # the transformer takes any size once told it
                self._transformer.resize_tensor_input(self._content, batch.shape)
                self._transformer.allocate_tensors()
                self._shape = batch.shape
            self._transformer.set_tensor(self._content, batch)
            self._transformer.set_tensor(self._style, vector.astype(np.float32))
            self._transformer.invoke()
            # It pads like the fast networks (474 rows come back as 476): crop back.
            out = self._transformer.get_tensor(self._output)[0, :h, :w]
        painted = np.clip(np.rint(out * 255.0), 0, 255).astype(np.uint8)
        if painted.shape[:2] != (height, width):
            painted = np.asarray(Image.fromarray(painted).resize((width, height),
                                                                 Image.Resampling.LANCZOS))
        return painted

    def stylize(self, rgb: np.ndarray, style_rgb, strength: float = 1.0) -> np.ndarray:
        """`rgb` painted in the style of the picture `style_rgb`, or of a mix (a list of
        (part, weight): mix_vector); strength blends with the photo's own vector."""
        if not 0.0 <= strength <= 1.0:
            raise ValueError("strength must be between 0 and 1")
        vector = (self.style_vector(style_rgb) if isinstance(style_rgb, np.ndarray)
                  else self.mix_vector(style_rgb))
        if strength < 1.0:
            vector = strength * vector + (1.0 - strength) * self.style_vector(rgb)
        return self.transfer(rgb, vector)


_stylers: dict[str, ArbitraryStyler] = {}
_stylers_lock = threading.Lock()


def get_styler(assets_dir: str | Path | None = None) -> ArbitraryStyler:
    """This process's styler for an assets folder, created on first use (thread-safe)."""
    key = str(Path(assets_dir).resolve()) if assets_dir else ""
    with _stylers_lock:
        if key not in _stylers:
            _stylers[key] = ArbitraryStyler(assets_dir)
        return _stylers[key]


def warm_paintings(slugs, assets_dir: str | Path | None = None) -> None:
    """Compute the catalogue paintings' style vectors now (a worker's start), not at a first mix."""
    styler = get_styler(assets_dir)
    for slug in slugs:
        styler.painting_vector(slug)
