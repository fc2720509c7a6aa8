"""Read one style's checkpoint: manifest.json plus 48 raw little-endian float32 tensors.

The format and the architecture are described in pretrained/README.md of the
shared assets. Everything is checked before the network sees it, and every
error names the file at fault, so an operator can fix a broken install.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np


class CheckpointError(Exception):
    """A checkpoint folder that is missing, incomplete or inconsistent."""


def _layer(kernel: int, c_in: int, c_out: int, transposed: bool = False) -> list[tuple[int, ...]]:
    # transposed convolutions store their kernels as [height, width, out, in]
    weights = (kernel, kernel, c_out, c_in) if transposed else (kernel, kernel, c_in, c_out)
    return [weights, (c_out,), (c_out,)]  # weights, instance-norm shift, instance-norm scale


# The shapes of Variable, Variable_1, ... Variable_47 in creation order.
ARCHITECTURE: tuple[tuple[int, ...], ...] = tuple(
    _layer(9, 3, 32) + _layer(3, 32, 64) + _layer(3, 64, 128)
    + _layer(3, 128, 128) * 10
    + _layer(3, 128, 64, transposed=True) + _layer(3, 64, 32, transposed=True)
    + _layer(9, 32, 3))
VARIABLE_NAMES = tuple("Variable" if i == 0 else f"Variable_{i}" for i in range(len(ARCHITECTURE)))
# The network's layers in the order their (weights, shift, scale) triples were created:
# res1a/res1b are the two convolutions of the first residual block, and so on.
LAYER_NAMES = ("conv1", "conv2", "conv3",
               *(f"res{b}{half}" for b in range(1, 6) for half in "ab"),
               "up1", "up2", "out")


class Layer(NamedTuple):
    """One layer's weights: kernel (as stored), instance-norm shift and scale."""
    kernel: np.ndarray
    shift: np.ndarray
    scale: np.ndarray


def _read_manifest(style_dir: Path) -> dict:
    path = style_dir / "manifest.json"
    if not style_dir.is_dir():
        raise CheckpointError(f"{style_dir}: checkpoint folder not found")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckpointError(f"{path}: manifest missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{path}: unreadable manifest ({exc})") from exc
    if not isinstance(manifest, dict) or set(manifest) != set(VARIABLE_NAMES):
        raise CheckpointError(f"{path}: expected exactly the variables "
                              f"Variable .. Variable_{len(VARIABLE_NAMES) - 1}")
    return manifest


def _read_tensor(style_dir: Path, name: str, entry: object, expected: tuple[int, ...]) -> np.ndarray:
    manifest_path = style_dir / "manifest.json"
    if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
        raise CheckpointError(f"{manifest_path}: entry {name} needs a filename and a shape")
    filename = entry["filename"]
    path = style_dir / filename
    if Path(filename).name != filename or filename in ("", ".", ".."):
        raise CheckpointError(f"{path}: file names must stay inside {style_dir}")
    shape = entry.get("shape")
    if not isinstance(shape, list) or tuple(shape) != expected:
        raise CheckpointError(f"{path}: shape {shape} in the manifest, the network needs {list(expected)}")
    if not path.is_file():
        raise CheckpointError(f"{path}: tensor file missing")
    size = path.stat().st_size
    if size != math.prod(expected) * 4:
        raise CheckpointError(f"{path}: {size} bytes, expected {math.prod(expected) * 4} "
                              f"for float32 {list(expected)}")
    values = np.fromfile(path, dtype="<f4").reshape(expected).astype(np.float32)
    if not np.isfinite(values).all():
        raise CheckpointError(f"{path}: contains NaN or infinite values")
    return values


def load_checkpoint(style_dir: str | Path) -> list[np.ndarray]:
    """The 48 tensors in creation order, float32, shapes as in ARCHITECTURE."""
    style_dir = Path(style_dir)
    manifest = _read_manifest(style_dir)
    return [_read_tensor(style_dir, name, manifest[name], expected)
            for name, expected in zip(VARIABLE_NAMES, ARCHITECTURE)]


def named_layers(tensors: list[np.ndarray]) -> dict[str, Layer]:
    """The 48 tensors as {layer name: Layer}: the one place that knows their order."""
    return {name: Layer(*tensors[3 * i:3 * i + 3]) for i, name in enumerate(LAYER_NAMES)}


def load_layers(style_dir: str | Path) -> dict[str, Layer]:
    """One style's checkpoint as named layers (see LAYER_NAMES)."""
    return named_layers(load_checkpoint(style_dir))
