"""Large photos in strips, with the instance norms' statistics of the whole picture.

Instance norm needs each layer's statistics over the whole picture, so layers run
strip by strip, one pass per normalised layer, and each pass's partial statistics
are combined before the next:
 - encoder (full to quarter resolution): recomputed from the photo on each pass
   (cheap layers); the last pass keeps conv3's output (quarter resolution);
 - residual blocks: one pass per convolution over the stored quarter-resolution maps;
 - decoder: recomputed from the stored map on each pass; the last keeps the output
   before its norm, which the last step normalises and turns into pixels.
Windows overlap their strip by a halo wider than the layers' reach and stop at the
picture's own edges, where the convolutions' zero padding is the one-piece run's;
they start on multiples of 4 rows, so the stride-2 layers sample the same grid.
Memory: two quarter-resolution maps (float32 and float16: 48 bytes per pixel) plus
a working set bounded by the engine's `strip_pixels`.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from models import canvas, network
from models.checkpoint import Layer

HALO = 16  # full-resolution rows around an encoder strip (the encoder reaches 10)
MAP_HALO = 4  # quarter-resolution rows around a decoder strip (it reaches 3)
CONV_HALO = 1  # quarter-resolution rows around one residual 3x3 convolution

_MOMENTS = (tf.TensorSpec([1, 1, 1, None], tf.float32),) * 2
_CORE = tf.TensorSpec([2], tf.int32)


def _stats(y, core, scale: int):
    """The core rows of y (pre-norm) and their per-channel mean and variance."""
    y = tf.cast(y[:, core[0] * scale:core[1] * scale], tf.float32)
    mean, var = tf.nn.moments(y, [1, 2], keepdims=True)
    return y, mean, var


def _down(p: int):
    def body(window, core, moments, layers):
        """Encoder layers before p with known statistics, then layer p's convolution."""
        net = network.TransformerNet(layers)
        units, x = (net.conv1, net.conv2, net.conv3), tf.cast(window, tf.float32)
        for i in range(p):
            x = units[i](x, moments[i])
        return _stats(units[p].conv(x), core // 2 ** p, 1)
    return body


def _up(p: int):
    def body(window, core, moments, layers):
        """Decoder layers before p with known statistics, then layer p's convolution."""
        net = network.TransformerNet(layers)
        units, x = (net.up1, net.up2, net.out), window
        for i in range(p):
            x = units[i](x, moments[i])
        return _stats(units[p].conv(x), core, (2, 4, 4)[p])
    return body


def _spec(layer: Layer) -> Layer:
    return Layer(*(tf.TensorSpec(t.shape, t.dtype) for t in layer))


def _first(window, core, a):
    return _stats(network.ConvLayer(a).conv(window), core, 1)


def _second(window, core, moments, a, b):
    return _stats(network.ConvLayer(b).conv(network.ConvLayer(a).norm(window, moments)), core, 1)


def _norm_relu(x, y, moments, layer):
    return network.ConvLayer(layer).norm(y, moments)  # conv3's output: the residual stream starts


def _add(x, h, moments, b):
    return x + tf.cast(network.ConvLayer(b, relu=False).norm(h, moments), tf.float32)


def _pixels(y, moments, out):
    return network.to_pixels(network.OutputLayer(out).norm(y, moments))


def _combine(parts) -> tuple[np.ndarray, np.ndarray]:
    """Whole-picture (mean, variance) from per-strip (rows, mean, variance), in float64."""
    rows = np.array([p[0] for p in parts], np.float64)[:, None, None, None, None]
    mean, var = (np.stack([p[i] for p in parts]).astype(np.float64) for i in (1, 2))
    overall = (rows * mean).sum(0) / rows.sum()
    var = (rows * (var + (mean - overall) ** 2)).sum(0) / rows.sum()
    return overall.astype(np.float32), var.astype(np.float32)


class _Run:
    """One large photo: its canvas, the strips' rows, the stored maps."""

    def __init__(self, engine, layers: dict[str, Layer], picture: np.ndarray):
        self.engine, self.layers, self.picture = engine, layers, picture
        height, width = picture.shape[:2]
        self.rows = max(4, engine.strip_pixels // width // 4 * 4)  # core rows per strip
        self.starts = range(0, height, self.rows)
        self.layer_spec = network.spec(layers)

    def fn(self, name, body, *signature):
        return self.engine.function(name, body, *signature)

    def windows(self, scale: int, halo: int):
        """(strip, first row, last row, core rows in the window) at 1/scale resolution."""
        height = self.picture.shape[0] // scale
        for k, start in enumerate(self.starts):
            lo, hi = start // scale, min(start + self.rows, self.picture.shape[0]) // scale
            top, bottom = max(0, lo - halo), min(height, hi + halo)
            yield k, top, bottom, np.array([lo - top, hi - top], np.int32)

    def encode(self) -> np.ndarray:
        moments, x = [], None
        for p in range(3):
            fn = self.fn(f"down{p}", _down(p), tf.TensorSpec([1, None, None, 3], tf.uint8), _CORE,
                         (_MOMENTS,) * 3, self.layer_spec)
            parts, h, w = [], self.picture.shape[0] // 4, self.picture.shape[1] // 4
            known = tuple(moments) + ((np.zeros((1, 1, 1, 1), np.float32),) * 2,) * (3 - p)
            for k, top, bottom, core in self.windows(1, HALO):
                y, mean, var = fn(self.picture[None, top:bottom], core, known, self.layers)
                parts.append((core[1] - core[0], mean.numpy(), var.numpy()))
                if p == 2:
                    x = np.empty((h, w, 128), np.float32) if x is None else x
                    x[(top + core[0]) // 4:(top + core[1]) // 4] = y.numpy()[0]
            moments.append(_combine(parts))
        self._normalise(x, x, self.layers["conv3"], moments[2], relu=True)
        return x

    def _normalise(self, target, source, layer, moments, relu=False):
        """target = norm(source) (+ target for the residual add), strip by strip."""
        fn = self.fn("norm_relu" if relu else "add", _norm_relu if relu else _add,
                     tf.TensorSpec([1, None, None, 128], tf.float32),
                     tf.TensorSpec([1, None, None, 128], tf.as_dtype(source.dtype)), _MOMENTS, _spec(layer))
        for k, top, bottom, core in self.windows(4, 0):
            target[top:bottom] = fn(target[None, top:bottom], source[None, top:bottom], moments, layer).numpy()[0]

    def residuals(self, x: np.ndarray) -> None:
        q = self.rows // 4
        h = np.empty(x.shape, np.float16)  # pre-norm maps: values far inside float16's range
        block_spec = _spec(self.layers["res1a"])
        first = self.fn("first", _first, tf.TensorSpec([1, None, None, 128], tf.float32), _CORE, block_spec)
        second = self.fn("second", _second, tf.TensorSpec([1, None, None, 128], tf.float16), _CORE, _MOMENTS,
                         block_spec, block_spec)
        for b in range(1, 6):
            a_layer, b_layer = self.layers[f"res{b}a"], self.layers[f"res{b}b"]
            parts = []
            for k, top, bottom, core in self.windows(4, CONV_HALO):
                y, mean, var = first(x[None, top:bottom], core, a_layer)
                parts.append((core[1] - core[0], mean.numpy(), var.numpy()))
                h[k * q:k * q + y.shape[1]] = y.numpy()[0]
            moments_a, parts, saved = _combine(parts), [], None
            for k, top, bottom, core in self.windows(4, CONV_HALO):
                window = h[top:bottom].copy()
                if saved is not None:  # rows above this strip, before the last strip overwrote them
                    window[:len(saved)] = saved
                saved = h[k * q + q - CONV_HALO:k * q + q].copy()
                y, mean, var = second(window[None], core, moments_a, a_layer, b_layer)
                parts.append((core[1] - core[0], mean.numpy(), var.numpy()))
                h[k * q:k * q + y.shape[1]] = y.numpy()[0]
            self._normalise(x, h, b_layer, _combine(parts))

    def decode(self, x: np.ndarray) -> np.ndarray:
        moments, out = [], np.empty((*self.picture.shape[:2], 3), np.float16)
        for p in range(3):
            fn = self.fn(f"up{p}", _up(p), tf.TensorSpec([1, None, None, 128], tf.float32), _CORE,
                         (_MOMENTS,) * 3, self.layer_spec)
            known = tuple(moments) + ((np.zeros((1, 1, 1, 1), np.float32),) * 2,) * (3 - p)
            parts = []
            for k, top, bottom, core in self.windows(4, MAP_HALO):
                y, mean, var = fn(x[None, top:bottom], core, known, self.layers)
                parts.append((core[1] - core[0], mean.numpy(), var.numpy()))
                if p == 2:
                    out[4 * (top + core[0]):4 * (top + core[1])] = y.numpy()[0]
            moments.append(_combine(parts))
        fn = self.fn("pixels", _pixels, tf.TensorSpec([1, None, None, 3], tf.float16), _MOMENTS,
                     _spec(self.layers["out"]))
        pixels = np.empty(out.shape, np.uint8)
        for k, top, bottom, core in self.windows(1, 0):
            pixels[top:bottom] = fn(out[None, top:bottom], moments[2], self.layers["out"]).numpy()[0]
        return pixels


def paint(engine, rgb: np.ndarray, layers: dict[str, Layer]) -> np.ndarray:
    """`rgb` painted with clean edges (models/canvas.py), strip by strip."""
    run = _Run(engine, layers, canvas.extend(rgb))
    x = run.encode()
    run.residuals(x)
    return canvas.crop(run.decode(x)[None], *rgb.shape[:2], exact=False)[0]
