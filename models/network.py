"""The image transformation network of Johnson, Alahi and Fei-Fei, "Perceptual Losses
for Real-Time Style Transfer and Super-Resolution" (ECCV 2016), with the instance
normalisation of Ulyanov, Vedaldi and Lempitsky (2016), as trained by Logan
Engstrom's fast-style-transfer: three convolutions down, five residual blocks,
two transposed convolutions up, one convolution out.

The engine places a photo on a zero canvas whose sides are multiples of 4, shifted
down/right by `offset()`, so that every stride-2 layer sees an even size and lines
up with what the original network does on the bare photo. Masks keep the padding
at zero and out of the statistics; `norm` objects decide where statistics come from
(the masked canvas itself, or whole-image sums gathered tile by tile).
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

EPSILON = 1e-3


def offset(n: int) -> int:
    """Zero rows (or columns) above an n-row photo on the canvas: 0..3.

    TF's SAME padding puts the odd pixel of a stride-2 layer at the top for odd
    sizes and at the bottom for even ones; this shift reproduces both choices.
    The raw network's output row `offset(n) + r` then lines up with photo row r
    (for 474 rows: 2, hence "rows 2..475" of the 476 the original returns)."""
    half = (n + 1) // 2
    return n % 2 + 2 * (half % 2)


def regions(n: int) -> tuple[tuple[int, int], ...]:
    """[start, stop) of real data along one axis at the four mask levels: full
    resolution, half (encoder), quarter, half (decoder; full-resolution phases too)."""
    o, half = offset(n), (n + 1) // 2
    quarter = (half + 1) // 2
    return (o, o + n), (half % 2, half % 2 + half), (0, quarter), (0, 2 * quarter)


def _phase_kernel(kernel: np.ndarray, taps: int, in_phases: bool) -> np.ndarray:
    """Rewrite a full-resolution kernel as one acting on 2x2 space-to-depth phases.

    Exact (the extra taps are zeros); it turns a transposed convolution and the
    9x9 output convolution, which oneDNN runs slowly, into well-shaped convolutions."""
    k, _, c_in, c_out = kernel.shape
    q_range = (0, 1) if in_phases else (0,)
    out = np.zeros((taps, taps, len(q_range) ** 2 * c_in, 4 * c_out), np.float32)
    for a in range(taps):
        for b in range(taps):
            for qy in q_range:
                for qx in q_range:
                    for py in (0, 1):
                        for px in (0, 1):
                            ky, kx = 2 * a + qy - py, 2 * b + qx - px
                            if 0 <= ky < k and 0 <= kx < k:
                                q = (qy * len(q_range) + qx) * c_in
                                p = (py * 2 + px) * c_out
                                out[a, b, q:q + c_in, p:p + c_out] = kernel[ky, kx]
    return out


# Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2016): the residual 3x3
# convolutions on 2x2 output tiles with 16 multiplications per tile and channel
# pair instead of 36. The same sums reordered (relative error ~1e-6), not an
# approximation; the transforms are fused by XLA, the products are one matmul.
_BT = ((1, 0, -1, 0), (0, 1, 1, 0), (0, -1, 1, 0), (0, 1, 0, -1))
_G = np.array([[1, 0, 0], [.5, .5, .5], [.5, -.5, .5], [0, 0, 1]])
_AT = ((1, 1, 1, 0), (0, 1, -1, -1))


def _winograd_kernel(kernel: np.ndarray) -> np.ndarray:
    """[3, 3, in, out] -> [16, in, out], computed in float64."""
    return np.einsum("ia,abck,jb->ijck", _G, kernel.astype(np.float64), _G).reshape(16, *kernel.shape[2:])


def _mix(coefficients, terms):
    return tf.add_n([c * t for c, t in zip(coefficients, terms) if c])


@tf.function(jit_compile=True, autograph=False)
def _winograd_input(x):
    """[n, h, w, c] -> [16, n * tiles, c]: each 4x4 input tile as B^T d B."""
    n, h, w, c = x.shape
    th, tw = (h + 1) // 2, (w + 1) // 2
    x = tf.pad(x, [[0, 0], [1, 2 * th - h + 1], [1, 2 * tw - w + 1], [0, 0]])
    rows = [x[:, k:k + 2 * th:2] for k in range(4)]
    tiles = []
    for u in (_mix(b, rows) for b in _BT):
        columns = [u[:, :, k:k + 2 * tw:2] for k in range(4)]
        tiles += [_mix(b, columns) for b in _BT]
    return tf.reshape(tf.stack(tiles), [16, -1, c])


@tf.function(jit_compile=True, autograph=False)
def _winograd_output(m, n: int, h: int, w: int):
    """[16, n * tiles, k] -> [n, h, w, k]: A^T M A, the 2x2 tiles put back in place."""
    th, tw = (h + 1) // 2, (w + 1) // 2
    m = tf.reshape(m, [4, 4, n, th, tw, m.shape[-1]])
    rows = [_mix(a, [m[i] for i in range(4)]) for a in _AT]
    tiles = [_mix(a, [row[j] for j in range(4)]) for row in rows for a in _AT]
    return tf.nn.depth_to_space(tf.concat(tiles, -1), 2)[:, :h, :w]


def prepare(tensors: list[np.ndarray], transpose: bool = False) -> list[np.ndarray]:
    """The checkpoint's 48 tensors in the forms the layers below use.

    transpose=True gives the network of the transposed picture (exactly)."""
    tensors = [t.swapaxes(0, 1) if transpose and t.ndim == 4 else t for t in tensors]
    tensors = list(tensors)
    # up2 ([h, w, out, in], transposed): flipped, it is a 2x2 convolution into four phases
    tensors[42] = _phase_kernel(tensors[42][::-1, ::-1].transpose(0, 1, 3, 2), 2, False)
    tensors[45] = _phase_kernel(tensors[45], 5, True)  # the 9x9 output layer, phases to phases
    for i in range(9, 39, 3):
        tensors[i] = _winograd_kernel(tensors[i])
    return [np.ascontiguousarray(t, dtype=np.float32) for t in tensors]


class ConvNorm:
    """Convolution without bias (the norm's shift is the bias), instance norm, ReLU."""

    def __init__(self, weights, level: int, stride: int = 1, relu: bool = True, phases: bool = False):
        self.kernel, self.shift, self.scale = weights
        self.level, self.stride, self.relu, self.phases = level, stride, relu, phases

    def linear(self, x):
        return tf.nn.conv2d(x, tf.cast(self.kernel, x.dtype), self.stride, "SAME")

    def __call__(self, x, norm):
        return norm(self, tf.cast(self.linear(tf.cast(x, norm.dtype)), tf.float32))


class WinogradConv(ConvNorm):
    """A 3x3, stride-1 ConvNorm computed as F(2x2, 3x3) (static shapes only)."""

    def linear(self, x):
        n, h, w, _ = x.shape
        return _winograd_output(tf.matmul(_winograd_input(x), tf.cast(self.kernel, x.dtype)), n, h, w)


class Upsample(ConvNorm):
    """Transposed 3x3 convolution, stride 2: output twice the input's size."""

    def linear(self, x):
        n, h, w = tf.shape(x)[0], tf.shape(x)[1], tf.shape(x)[2]
        shape = tf.stack([n, 2 * h, 2 * w, tf.shape(self.kernel)[2]])
        return tf.nn.conv2d_transpose(x, tf.cast(self.kernel, x.dtype), shape, 2, "SAME")


class PhaseUpsample(ConvNorm):
    """The same transposed convolution, written as 2x2 taps into four output phases."""

    def linear(self, x):
        return tf.nn.conv2d(x, tf.cast(self.kernel, x.dtype), 1, [[0, 0], [1, 0], [1, 0], [0, 0]])


class ResidualBlock:
    """x + (conv, IN, ReLU, conv, IN): two ConvNorms that keep the size."""

    def __init__(self, first: ConvNorm, second: ConvNorm):
        self.first, self.second = first, second

    def __call__(self, x, norm):
        return x + self.second(self.first(x, norm), norm)


class TransformerNet:
    """Built from prepare()'d tensors; call with a canvas batch (float, 0..255) and a norm."""

    def __init__(self, tensors):
        layers = [tensors[i:i + 3] for i in range(0, len(tensors), 3)]
        self.conv1 = ConvNorm(layers[0], level=0)
        self.conv2 = ConvNorm(layers[1], level=1, stride=2)
        self.conv3 = ConvNorm(layers[2], level=2, stride=2)
        self.res = [ResidualBlock(WinogradConv(layers[i], level=2),
                                  WinogradConv(layers[i + 1], level=2, relu=False)) for i in range(3, 13, 2)]
        self.up1 = Upsample(layers[13], level=3)
        self.up2 = PhaseUpsample(layers[14], level=3, phases=True)
        self.out = ConvNorm(layers[15], level=3, relu=False, phases=True)

        inner = [u for block in self.res for u in (block.first, block.second)]
        # the 16 normalised layers in order: the tiled engine walks them one by one
        self.units = [self.conv1, self.conv2, self.conv3, *inner, self.up1, self.up2, self.out]
        for index, unit in enumerate(self.units):
            unit.index = index

    def __call__(self, x, norm):
        x = self.conv3(self.conv2(self.conv1(x, norm), norm), norm)
        for block in self.res:
            x = block(x, norm)
        return to_pixels(self.out(self.up2(self.up1(x, norm), norm), norm))


def mask(bounds, level: int, height, width):
    """[batch, height, width]: 1 on the real pixels of each canvas at a level, else 0."""
    b = bounds[:, level]
    rows, cols = tf.range(height)[None], tf.range(width)[None]
    r = tf.cast((rows >= b[:, 0:1]) & (rows < b[:, 1:2]), tf.float32)
    c = tf.cast((cols >= b[:, 2:3]) & (cols < b[:, 3:4]), tf.float32)
    return r[:, :, None] * c[:, None, :]


def _phases(v, unit: ConvNorm):
    """Per-channel [n, c] repeated for each phase of a phase-form tensor (channels are
    phase-major), so everything stays 4-D: no reshapes, no transposes."""
    return tf.tile(v, [1, 4]) if unit.phases else v


def _fold(v, unit: ConvNorm):
    """[n, 4c] sums over a phase-form tensor -> [n, c]: statistics span all four phases."""
    return tf.add_n(tf.split(v, 4, axis=1)) if unit.phases else v


def moments(unit: ConvNorm, y, m):
    """(count, mean, sum of squared deviations) per image and channel over mask m.

    The sums are contractions with the mask (matrix-vector products): one read of
    y each, where multiply-then-reduce would write a masked copy first."""
    count = tf.reduce_sum(m, [1, 2])[:, None] * (4.0 if unit.phases else 1.0)
    mean = _fold(tf.einsum("bhwc,bhw->bc", y, m), unit) / tf.maximum(count, 1.0)
    deviations = tf.math.squared_difference(y, _phases(mean, unit)[:, None, None])
    return count, mean, _fold(tf.einsum("bhwc,bhw->bc", deviations, m), unit)


class MaskedNorm:
    """Instance norm over the real pixels of each canvas; zero outside them.

    bounds: int32 [batch, 4, 4], per mask level (row start, row stop, column start,
    column stop) in that level's own pixels. `stats` ({unit index: (mean, variance)},
    each [batch, channels]) replaces measured statistics, for tiles of a larger picture."""

    def __init__(self, bounds, dtype=tf.float32, stats=None):
        self.bounds, self.dtype, self.stats = bounds, dtype, stats or {}

    def __call__(self, unit: ConvNorm, y):
        m = mask(self.bounds, unit.level, tf.shape(y)[1], tf.shape(y)[2])
        if unit.index in self.stats:
            mean, var = self.stats[unit.index]
        else:
            count, mean, m2 = moments(unit, y, m)
            var = m2 / tf.maximum(count, 1.0)
        gain = unit.scale * tf.math.rsqrt(var + EPSILON)
        bias = unit.shift - mean * gain
        return _affine(y, _phases(gain, unit)[:, None, None], _phases(bias, unit)[:, None, None],
                       m[..., None], unit.relu)


@tf.function(jit_compile=True, autograph=False)
def _affine(y, gain, bias, m, relu: bool):
    """The norm's affine map, ReLU and mask in one pass (XLA fuses them; plain ops
    would write four full-size tensors)."""
    y = y * gain + bias
    return (tf.nn.relu(y) if relu else y) * m


def to_pixels(y):
    """tanh(y) * 150 + 127.5 clipped to 0..255, phases back to full resolution."""
    return tf.nn.depth_to_space(tf.clip_by_value(tf.tanh(y) * 150.0 + 127.5, 0.0, 255.0), 2)
