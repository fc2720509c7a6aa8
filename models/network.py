"""The image transformation network of Johnson, Alahi and Fei-Fei, "Perceptual Losses
for Real-Time Style Transfer and Super-Resolution" (ECCV 2016), with the instance
normalisation of Ulyanov, Vedaldi and Lempitsky (2016), as trained by Logan
Engstrom's fast-style-transfer: three convolutions down, five residual blocks,
two transposed convolutions up, one convolution out. Zero ("SAME") padding, as trained.

`dtype` is the convolutions' arithmetic (float32, or bfloat16/float16 where the
hardware has it); the instance norms, the residual stream and the output stay float32,
like Keras's mixed-precision policies.
"""
from __future__ import annotations

import tensorflow as tf

from models import phases
from models.checkpoint import LAYER_NAMES, Layer

EPSILON = 1e-3


class ConvLayer:
    """Convolution (no bias: the norm's shift is the bias), instance norm, ReLU."""

    def __init__(self, layer: Layer, stride: int = 1, relu: bool = True):
        self.kernel, self.shift, self.scale = layer
        self.stride, self.relu, self.dtype = stride, relu, layer.kernel.dtype

    def conv(self, x):
        return tf.nn.conv2d(tf.cast(x, self.dtype), self.kernel, self.stride, "SAME")

    def norm(self, y, moments=None):
        """Instance norm (then ReLU) in float32; `moments` (mean, variance), each
        [batch, 1, 1, channels], replaces the picture's own: see models/strips.py."""
        y = tf.cast(y, tf.float32)
        mean, var = tf.nn.moments(y, [1, 2], keepdims=True) if moments is None else moments
        gain = self.scale * tf.math.rsqrt(var + EPSILON)
        y = y * gain + (self.shift - mean * gain)
        return tf.nn.relu(y) if self.relu else y

    def __call__(self, x, moments=None):
        return self.norm(self.conv(x), moments)


class UpsampleLayer(ConvLayer):
    """Transposed 3x3 convolution, stride 2 (output twice the size), norm, ReLU."""

    def conv(self, x):
        shape = tf.shape(x)
        out = tf.stack([shape[0], 2 * shape[1], 2 * shape[2], tf.shape(self.kernel)[2]])
        return tf.nn.conv2d_transpose(tf.cast(x, self.dtype), self.kernel, out, 2, "SAME")


class OutputLayer(ConvLayer):
    """The 9x9 convolution to RGB, computed on 2x2 phases (see models/phases.py), norm."""

    def __init__(self, layer: Layer):
        super().__init__(layer, relu=False)

    def conv(self, x):
        return phases.conv_in_phases(tf.cast(x, self.dtype), self.kernel)


class ResidualBlock:
    """x + (conv, IN, ReLU, conv, IN)."""

    def __init__(self, a: Layer, b: Layer):
        self.a, self.b = ConvLayer(a), ConvLayer(b, relu=False)

    def __call__(self, x):
        return x + self.b(self.a(x))


def prepare(layers: dict[str, Layer], dtype=tf.float32) -> dict[str, Layer]:
    """A checkpoint's layers as tensors: kernels in `dtype` (the output kernel in phase
    form), norm parameters float32. Pass them to TransformerNet inside a tf.function,
    so one traced graph serves every style."""
    def tensors(name: str, layer: Layer) -> Layer:
        kernel = phases.phase_kernel(layer.kernel) if name == "out" else layer.kernel
        return Layer(tf.constant(kernel, dtype), tf.constant(layer.shift), tf.constant(layer.scale))
    return {name: tensors(name, layers[name]) for name in LAYER_NAMES}


class TransformerNet:
    """Built from prepare()'d layers; call with a batch of RGB pixels (0..255), get uint8.

    The output has the input's size rounded up to a multiple of 4 (a stride-2 layer
    on an odd size rounds up; the transposed layers double)."""

    def __init__(self, layers: dict[str, Layer]):
        self.conv1 = ConvLayer(layers["conv1"])
        self.conv2 = ConvLayer(layers["conv2"], stride=2)
        self.conv3 = ConvLayer(layers["conv3"], stride=2)
        self.res = [ResidualBlock(layers[f"res{b}a"], layers[f"res{b}b"]) for b in range(1, 6)]
        self.up1 = UpsampleLayer(layers["up1"])
        self.up2 = UpsampleLayer(layers["up2"])
        self.out = OutputLayer(layers["out"])

    def encode(self, x):
        return self.conv3(self.conv2(self.conv1(tf.cast(x, tf.float32))))

    def decode(self, x):
        return self.out(self.up2(self.up1(x)))

    def __call__(self, x):
        x = self.encode(x)
        for block in self.res:
            x = block(x)
        return to_pixels(self.decode(x))


def spec(layers: dict[str, Layer]) -> dict[str, Layer]:
    """The tf.function input signature of prepare()'d layers."""
    return {name: Layer(*(tf.TensorSpec(t.shape, t.dtype) for t in layer)) for name, layer in layers.items()}


def to_pixels(y):
    """tanh(y) * 150 + 127.5, clipped to 0..255 and rounded, as uint8."""
    return tf.cast(tf.round(tf.clip_by_value(tf.tanh(y) * 150.0 + 127.5, 0.0, 255.0)), tf.uint8)
