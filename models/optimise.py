"""Masterpiece mode: optimisation-based style transfer (Gatys, Ecker and Bethge,
"A Neural Algorithm of Artistic Style", 2015).

The picture itself is optimised: L-BFGS on its pixels lowers a weighted sum of
  content  ||F(x) - F(photo)||^2 / ||F(photo)||^2 on one layer of the loss network,
  style    the mean over several layers of ||G(x) - G(painting)||^2 / ||G(painting)||^2,
           G the Gram matrix of a layer's activations divided by its number of positions,
  TV       the mean absolute difference between neighbouring pixels (0..255 scale),
so the weights are ratios (content 1, style 30 balanced to 100 strong, TV 1e-3; see
../shared/loss-network/README.md). One tf.function gives the loss and its gradient to scipy.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.optimize
import tensorflow as tf
from PIL import Image

from models import images, installed
from models.loss_network import LossNetwork, load

MAX_SIZE = 1024
MIN_SIZE = 16

# (iteration, total, current picture as uint8) -> True to stop now and keep the current picture
Progress = Callable[[int, int, np.ndarray], "bool | None"]


@dataclass(frozen=True)
class PaintSettings:
    iterations: int = 500
    size: int = 512  # the longest side of the result; smaller photos are never enlarged
    content_layer: str = "conv2d_10"
    style_layers: tuple[str, ...] = ("conv2d_1", "conv2d_2", "conv2d_4", "conv2d_8", "conv2d_12")
    content_weight: float = 1.0
    style_weight: float = 30.0
    tv_weight: float = 1e-3
    init: str = "photo"  # "photo" or "noise"
    seed: int = 0  # for the noise
    style_scale: float = 1.0  # the painting's longest side, relative to the result's
    report_every: int = 10  # the progress callback's period, in iterations
    history: int = 10  # L-BFGS memory (pairs kept); more costs time per iteration on big pictures
    # Bounding the pixels to 0..255 inside L-BFGS-B costs SciPy 1.17 more than the network
    # itself at 512 px (0.49 against 0.33 s per iteration here); unbounded, the pixels stay
    # near the range (the photo start and the TV term hold them) and are clipped when read.
    bounded: bool = False

    def __post_init__(self):
        if self.iterations < 1:
            raise ValueError("iterations must be at least 1")
        if not MIN_SIZE <= self.size <= MAX_SIZE:
            raise ValueError(f"size must be between {MIN_SIZE} and {MAX_SIZE} pixels")
        if self.init not in ("photo", "noise"):
            raise ValueError("init must be 'photo' or 'noise'")
        if not self.style_layers:
            raise ValueError("give at least one style layer")
        if min(self.content_weight, self.style_weight, self.tv_weight) < 0:
            raise ValueError("weights cannot be negative")
        if not 0.1 <= self.style_scale <= 4:
            raise ValueError("style_scale must be between 0.1 and 4")
        if self.report_every < 1 or self.history < 1:
            raise ValueError("report_every and history must be at least 1")
        object.__setattr__(self, "style_layers", tuple(self.style_layers))


@dataclass(frozen=True)
class PaintResult:
    image: np.ndarray  # uint8, height x width x 3
    iterations: int  # iterations done
    stopped: bool  # the callback asked to stop
    seconds: float
    losses: dict[str, float] = field(default_factory=dict)  # unweighted terms of the result


def _resize(rgb: np.ndarray, longest: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    scale = longest / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if size == (width, height):
        return rgb
    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb)).resize(size, Image.Resampling.LANCZOS))


def _gram(features: tf.Tensor) -> tf.Tensor:
    _, height, width, channels = features.shape
    flat = tf.reshape(features, (-1, channels))
    return tf.matmul(flat, flat, transpose_a=True) / float(height * width)


class Painter:
    """One photo and one painting under one set of settings; `run()` paints (and may run again)."""

    def __init__(self, photo: np.ndarray, painting: np.ndarray, settings: PaintSettings = PaintSettings(),
                 network: LossNetwork | None = None):
        self.settings = settings
        self.network = network if network is not None else load()
        known = set(self.network.layer_names)
        for layer in (settings.content_layer, *settings.style_layers):
            if layer not in known:
                raise ValueError(f"unknown layer {layer!r}; choose from {', '.join(self.network.layer_names)}")
        self.photo = photo if max(photo.shape[:2]) <= settings.size else _resize(photo, settings.size)
        if min(self.photo.shape[:2]) < 1:
            raise ValueError("the photo is too small")
        self.shape = self.photo.shape
        painting = _resize(painting, max(MIN_SIZE, round(max(self.shape[:2]) * settings.style_scale)))

        layers = (settings.content_layer, *settings.style_layers)
        photo_features = self.network.features(self._input(self.photo.astype(np.float32)), layers)
        painting_features = self.network.features(self._input(painting.astype(np.float32)), settings.style_layers)
        self._content = photo_features[settings.content_layer]
        self._content_norm = tf.reduce_sum(tf.square(self._content))
        self._grams = {name: _gram(painting_features[name]) for name in settings.style_layers}
        self._gram_norms = {name: tf.reduce_sum(tf.square(g)) for name, g in self._grams.items()}
        size = int(np.prod(self.shape))
        self._loss_and_gradient = tf.function(self._loss_and_gradient_eager,
                                              input_signature=[tf.TensorSpec((size,), tf.float32)])

    @staticmethod
    def _input(pixels: np.ndarray) -> tf.Tensor:
        return tf.convert_to_tensor(pixels, tf.float32)[None] / 255.0

    def _terms(self, pixels: tf.Tensor) -> dict[str, tf.Tensor]:
        """The unweighted loss terms for a picture (1 x height x width x 3, 0..255)."""
        s = self.settings
        features = self.network.features(pixels / 255.0, (s.content_layer, *s.style_layers))
        content = tf.reduce_sum(tf.square(features[s.content_layer] - self._content)) / self._content_norm
        style = tf.add_n([tf.reduce_sum(tf.square(_gram(features[name]) - self._grams[name])) / self._gram_norms[name]
                          for name in s.style_layers]) / len(s.style_layers)
        tv = (tf.reduce_mean(tf.abs(pixels[:, 1:] - pixels[:, :-1]))
              + tf.reduce_mean(tf.abs(pixels[:, :, 1:] - pixels[:, :, :-1])))
        return {"content": content, "style": style, "tv": tv}

    def _loss_and_gradient_eager(self, flat: tf.Tensor):
        s = self.settings
        with tf.GradientTape() as tape:
            tape.watch(flat)
            terms = self._terms(tf.reshape(flat, (1, *self.shape)))
            loss = s.content_weight * terms["content"] + s.style_weight * terms["style"] + s.tv_weight * terms["tv"]
        return loss, tape.gradient(loss, flat)

    def losses(self, picture: np.ndarray) -> dict[str, float]:
        """The unweighted terms (content, style, tv) for a uint8 or float picture of the working size."""
        terms = self._terms(tf.convert_to_tensor(picture, tf.float32)[None])
        return {name: float(value) for name, value in terms.items()}

    def start(self) -> np.ndarray:
        """The first picture: the photo, or uniform noise."""
        if self.settings.init == "noise":
            return np.random.default_rng(self.settings.seed).uniform(0, 255, self.shape)
        return self.photo.astype(np.float64)

    def run(self, callback: Progress | None = None) -> PaintResult:
        s = self.settings
        started = time.perf_counter()
        current = {"x": self.start().ravel(), "iteration": 0, "stopped": False}

        def objective(x: np.ndarray):
            loss, gradient = self._loss_and_gradient(tf.constant(x, tf.float32))
            return float(loss), gradient.numpy().astype(np.float64)

        def each_iteration(intermediate_result):
            current["x"] = np.array(intermediate_result.x)
            current["iteration"] += 1
            done = current["iteration"]
            if callback is not None and (done % s.report_every == 0 or done == s.iterations):
                if callback(done, s.iterations, self._to_uint8(current["x"])):
                    current["stopped"] = True
                    raise StopIteration

        scipy.optimize.minimize(objective, current["x"], jac=True, method="L-BFGS-B",
                                bounds=scipy.optimize.Bounds(0.0, 255.0) if s.bounded else None,
                                callback=each_iteration,
                                options={"maxiter": s.iterations, "maxfun": s.iterations * 4,
                                         "ftol": 0.0, "gtol": 0.0, "maxcor": s.history})
        picture = self._to_uint8(current["x"])
        return PaintResult(image=picture, iterations=current["iteration"], stopped=current["stopped"],
                           seconds=time.perf_counter() - started, losses=self.losses(picture))

    def _to_uint8(self, x: np.ndarray) -> np.ndarray:
        return np.clip(np.rint(x), 0, 255).astype(np.uint8).reshape(self.shape)


def paint(photo: np.ndarray, style: np.ndarray | str | os.PathLike, settings: PaintSettings = PaintSettings(),
          callback: Progress | None = None, network: LossNetwork | None = None) -> PaintResult:
    """The photo (uint8 RGB) painted in a style: a catalogue slug, an image path or uint8 pixels."""
    painting = style if isinstance(style, np.ndarray) else images.read_picture(installed.painting_file(style))
    return Painter(photo, painting, settings, network).run(callback)
