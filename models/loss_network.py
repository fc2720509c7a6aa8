"""The loss network for optimisation-based style transfer: darknet-tiny, an ImageNet classifier.

Read from the TensorFlow.js "layers" format (model.json, weight shards, labels.txt) that set-up
installs into models/assets/loss-network/ (see ../shared/loss-network/README.md). Each batch norm
is folded into the convolution before it, so a layer is one convolution, a bias and a leaky ReLU.
`features()` returns the named activations after the leaky ReLU (`conv2d_1` ... `conv2d_15`);
`classify()` is there to check the weights were read right.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import tensorflow as tf

from models import installed

BN_EPSILON = 1e-3  # the README's, and every BatchNormalization's config
CLASSIFY_SIZE = 224


class LossNetworkError(Exception):
    """The network's files are missing, short or inconsistent; the message names the file."""


@dataclass(frozen=True)
class _Conv:
    name: str
    kernel: tf.Tensor  # height x width x in x out, batch norm folded in
    bias: tf.Tensor
    leaky_alpha: float | None  # None: linear (the classifier's last convolution)


def _read_weights(folder: Path, manifest: list[dict]) -> dict[str, np.ndarray]:
    """Every weight in the manifest, read from its group's shards (little-endian float32)."""
    weights = {}
    for group in manifest:
        paths = [folder / name for name in group["paths"]]
        for path in paths:
            if not path.is_file():
                raise LossNetworkError(f"missing weight shard {path}")
        expected = sum(int(np.prod(w["shape"])) * 4 for w in group["weights"])
        actual = sum(path.stat().st_size for path in paths)
        if actual != expected:
            named = ", ".join(map(str, paths))
            raise LossNetworkError(f"{named} is {actual} bytes, expected {expected} from model.json")
        data = b"".join(path.read_bytes() for path in paths)
        offset = 0
        for entry in group["weights"]:
            if entry.get("dtype", "float32") != "float32":
                raise LossNetworkError(f"{folder / 'model.json'}: {entry['name']} is not float32")
            count = int(np.prod(entry["shape"]))
            values = np.frombuffer(data, "<f4", count, offset).reshape(entry["shape"])
            weights[entry["name"]] = values
            offset += count * 4
    return weights


def _fold(kernel: np.ndarray, weights: dict[str, np.ndarray], bn: str) -> tuple[np.ndarray, np.ndarray]:
    """A convolution without bias followed by batch norm, as one convolution with bias."""
    scale = weights[f"{bn}/gamma"] / np.sqrt(weights[f"{bn}/moving_variance"] + BN_EPSILON)
    bias = weights[f"{bn}/beta"] - weights[f"{bn}/moving_mean"] * scale
    return kernel * scale, bias


class LossNetwork:
    """darknet-tiny with folded batch norms. Inputs are RGB in 0..1, batch x height x width x 3."""

    def __init__(self, folder: str | Path | None = None):
        folder = Path(folder) if folder is not None else installed.loss_network_dir()
        model_path, labels_path = folder / "model.json", folder / "labels.txt"
        for path in (model_path, labels_path):
            if not path.is_file():
                raise LossNetworkError(f"missing {path}; run scripts/install_assets.py or set LOSS_NETWORK_DIR (app/config.py)")
        try:
            model = json.loads(model_path.read_text())
            layers = model["modelTopology"]["model_config"]["config"]["layers"]
            manifest = model["weightsManifest"]
        except (ValueError, KeyError, TypeError) as exc:
            raise LossNetworkError(f"{model_path} is not a TensorFlow.js layers model ({exc})") from exc
        weights = _read_weights(folder, manifest)
        self.labels = tuple(line.strip() for line in labels_path.read_text().splitlines() if line.strip())
        self._steps = self._build(layers, weights, model_path)
        classes = self._steps[-2][1].kernel.shape[-1]
        if len(self.labels) != classes:
            raise LossNetworkError(f"{labels_path} has {len(self.labels)} labels, the network {classes} classes")
        self.layer_names = tuple(step.name for kind, step in self._steps if kind == "conv" and step.leaky_alpha)

    @staticmethod
    def _build(layers: list[dict], weights: dict[str, np.ndarray], model_path: Path) -> list:
        """The chain as ("conv", _Conv) / ("pool", None) / ("mean", None) steps."""
        steps: list = []
        pending = None  # a convolution waiting for its batch norm and activation
        try:
            for layer in layers:
                kind, name, config = layer["class_name"], layer["name"], layer["config"]
                if kind == "InputLayer":
                    continue
                if kind == "Conv2D":
                    if pending is not None:
                        steps.append(("conv", pending))
                    kernel = weights[f"{name}/kernel"]
                    bias = weights.get(f"{name}/bias", np.zeros(kernel.shape[-1], np.float32))
                    pending = [name, kernel, bias, None]
                elif kind == "BatchNormalization":
                    pending[1], pending[2] = _fold(pending[1], weights, name)
                elif kind == "LeakyReLU":
                    pending[3] = float(config["alpha"])
                    steps.append(("conv", pending))
                    pending = None
                elif kind == "MaxPooling2D":
                    steps.append(("pool", None))
                elif kind == "GlobalAveragePooling2D":
                    if pending is not None:
                        steps.append(("conv", pending))
                        pending = None
                    steps.append(("mean", None))
                else:
                    raise LossNetworkError(f"{model_path}: unexpected layer {kind} ({name})")
        except KeyError as exc:
            raise LossNetworkError(f"{model_path}: no weight {exc} in the manifest") from exc
        return [(kind, _Conv(step[0], tf.constant(step[1], tf.float32), tf.constant(step[2], tf.float32), step[3])
                 if kind == "conv" else None) for kind, step in steps]

    def features(self, rgb: tf.Tensor, layers) -> dict[str, tf.Tensor]:
        """The named activations (after the leaky ReLU) for RGB in 0..1; stops after the deepest asked."""
        wanted = set(layers)
        unknown = wanted - set(self.layer_names)
        if unknown:
            raise ValueError(f"unknown layers {sorted(unknown)}; choose from {', '.join(self.layer_names)}")
        out: dict[str, tf.Tensor] = {}
        x = rgb
        for kind, conv in self._steps:
            if len(out) == len(wanted):
                break
            if kind == "pool":
                x = tf.nn.max_pool2d(x, 2, 2, "SAME")
            elif kind == "conv":
                x = tf.nn.conv2d(x, conv.kernel, 1, "SAME") + conv.bias
                if conv.leaky_alpha is not None:
                    x = tf.nn.leaky_relu(x, conv.leaky_alpha)
                if conv.name in wanted:
                    out[conv.name] = x
        return out

    def probabilities(self, rgb: tf.Tensor) -> tf.Tensor:
        """Class probabilities (batch x classes) for RGB in 0..1."""
        x = rgb
        for kind, conv in self._steps:
            if kind == "pool":
                x = tf.nn.max_pool2d(x, 2, 2, "SAME")
            elif kind == "mean":
                x = tf.reduce_mean(x, axis=(1, 2))
            else:
                x = tf.nn.conv2d(x, conv.kernel, 1, "SAME") + conv.bias
                if conv.leaky_alpha is not None:
                    x = tf.nn.leaky_relu(x, conv.leaky_alpha)
        return tf.nn.softmax(x)

    def classify(self, rgb: np.ndarray, top: int = 5) -> list[tuple[str, float]]:
        """The `top` most likely labels for a uint8 (0..255) or float (0..1) RGB picture, resized to 224x224."""
        picture = tf.convert_to_tensor(rgb)
        if picture.dtype == tf.uint8:
            picture = tf.cast(picture, tf.float32) / 255.0
        picture = tf.image.resize(tf.cast(picture, tf.float32)[None], (CLASSIFY_SIZE, CLASSIFY_SIZE),
                                  method="bilinear", antialias=True)
        probs = self.probabilities(tf.clip_by_value(picture, 0.0, 1.0))[0].numpy()
        order = np.argsort(probs)[::-1][:top]
        return [(self.labels[i], float(probs[i])) for i in order]


@lru_cache(maxsize=4)
def load(folder: str | None = None) -> LossNetwork:
    """This process's network for a folder (default: models/installed.py's)."""
    return LossNetwork(folder)
