"""The image transformation network of Johnson, Alahi and Fei-Fei, "Perceptual Losses
for Real-Time Style Transfer and Super-Resolution" (ECCV 2016), with the instance
normalisation of Ulyanov, Vedaldi and Lempitsky (2016), as trained by Logan
Engstrom's fast-style-transfer: three convolutions down, five residual blocks,
two transposed convolutions up, one convolution out. Zero ("SAME") padding, as trained.

`dtype` is the convolutions' arithmetic (float32, or bfloat16/float16 where the
hardware has it); the instance norms' statistics, the residual stream and the output
layer stay float32, like Keras's mixed-precision policies.
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
        """Instance norm, then ReLU; statistics in float32, the result in y's dtype.
        `moments` (mean, variance), each [1, 1, 1, channels], replaces the picture's
        own: see models/strips.py."""
        if moments is None:
            y = instance_norm(y, self.scale, self.shift)
        else:
            mean, var = (tf.reshape(m, [-1]) for m in moments)
            y = tf.compat.v1.nn.fused_batch_norm(y, self.scale, self.shift, mean, var, EPSILON, is_training=False)[0]
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

    def norm(self, y, moments=None):
        return super().norm(tf.cast(y, tf.float32), moments)  # 3 channels: cheap, and tanh is steep


class ResidualBlock:
    """x + (conv, IN, ReLU, conv, IN)."""

    def __init__(self, a: Layer, b: Layer):
        self.a, self.b = ConvLayer(a), ConvLayer(b, relu=False)

    def __call__(self, x):
        return x + tf.cast(self.b(self.a(x)), x.dtype)


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
        """The residual stream starts here, float32 (rounding errors would add up in it)."""
        return tf.cast(self.conv3(self.conv2(self.conv1(tf.cast(x, tf.float32)))), tf.float32)

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


def instance_norm(y, scale, shift):
    """Each picture normalised over its height and width, per channel (Ulyanov et al.).

    For one picture this is TensorFlow's fused batch norm (one oneDNN kernel: at
    1224x816, 32 channels, bfloat16, 10 CPU-ms against 80 for moments and affine ops,
    bench/README.md); a batch is laid side by side as channels first."""
    def one():
        return tf.compat.v1.nn.fused_batch_norm(y, scale, shift, epsilon=EPSILON)[0]

    def many():
        n, h, w, c = tf.unstack(tf.shape(y))
        side_by_side = tf.reshape(tf.transpose(y, [1, 2, 0, 3]), [1, h, w, n * c])
        z = tf.compat.v1.nn.fused_batch_norm(side_by_side, tf.tile(scale, [n]), tf.tile(shift, [n]),
                                             epsilon=EPSILON)[0]
        return tf.transpose(tf.reshape(z, [h, w, n, c]), [2, 0, 1, 3])
    return tf.cond(tf.shape(y)[0] == 1, one, many)


def to_pixels(y):
    """tanh(y) * 150 + 127.5, clipped to 0..255 and rounded, as uint8."""
    y = tf.tanh(tf.cast(y, tf.float32)) * 150.0 + 127.5
    return tf.cast(tf.round(tf.clip_by_value(y, 0.0, 255.0)), tf.uint8)
