"""A plain tf.function of the Johnson et al. (2016) network, the yardstick for bench/engine.py.

Written from the paper and the checkpoint format (../shared/pretrained/README.md),
independently of models/: zero ("SAME") padding, instance norm, five residual blocks,
two transposed convolutions, float32, no tricks, TensorFlow's default allocator.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tensorflow as tf


def load(style_dir: Path) -> list[tf.Tensor]:
    """Variable, Variable_1 ... Variable_47, in creation order."""
    manifest = json.loads((style_dir / "manifest.json").read_text())
    names = ["Variable"] + [f"Variable_{i}" for i in range(1, 48)]
    return [tf.constant(np.fromfile(style_dir / manifest[n]["filename"], "<f4").reshape(manifest[n]["shape"]))
            for n in names]


def reference(weights: list[tf.Tensor]):
    """uint8 [1, h, w, 3] -> uint8 [1, h', w', 3] (h' = h rounded up to a multiple of 4)."""
    def conv(x, i, stride=1, relu=True, transpose=False):
        w, shift, scale = weights[i:i + 3]
        if transpose:
            s = tf.shape(x)
            y = tf.nn.conv2d_transpose(x, w, [s[0], 2 * s[1], 2 * s[2], w.shape[2]], 2, "SAME")
        else:
            y = tf.nn.conv2d(x, w, stride, "SAME")
        mean, var = tf.nn.moments(y, [1, 2], keepdims=True)
        y = scale * (y - mean) / tf.sqrt(var + 1e-3) + shift
        return tf.nn.relu(y) if relu else y

    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 3], tf.uint8)])
    def run(photo):
        x = conv(tf.cast(photo, tf.float32), 0)
        x = conv(conv(x, 3, 2), 6, 2)
        for i in range(9, 39, 6):
            x = x + conv(conv(x, i), i + 3, relu=False)
        x = conv(conv(x, 39, transpose=True), 42, transpose=True)
        y = tf.tanh(conv(x, 45, relu=False)) * 150 + 127.5
        return tf.cast(tf.round(tf.clip_by_value(y, 0, 255)), tf.uint8)
    return run


def offset(n: int) -> int:
    """The output row of an n-row photo's first row (see ../shared/pretrained/README.md)."""
    return n % 2 + 2 * (((n + 1) // 2) % 2)
