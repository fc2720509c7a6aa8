"""The 9x9 output convolution (32 channels to 3) computed on 2x2 space-to-depth phases.

oneDNN runs a convolution with 3 output channels badly. The same sums, regrouped as a
5x5 convolution from 4 x 32 phase channels to 4 x 3 at half resolution, are a
well-shaped convolution: at 1224x816 on a 2-core EPYC with AVX-512 (bench/README.md),
186 -> 61 ms in float32 and 100 -> 32 ms in bfloat16 (wall, quiet); on the Zen 3 (AVX2) it was
written for, 830 -> 290 ms. Exact: the extra taps are zeros. Needs even sizes.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf


def phase_kernel(kernel: np.ndarray) -> np.ndarray:
    """[9, 9, in, out] -> [5, 5, 4 * in, 4 * out], phase-major channels (space_to_depth's order)."""
    k, _, c_in, c_out = kernel.shape
    taps = (k + 1) // 2
    out = np.zeros((taps, taps, 4 * c_in, 4 * c_out), np.float32)
    for a in range(taps):
        for b in range(taps):
            for qy in (0, 1):
                for qx in (0, 1):
                    for py in (0, 1):
                        for px in (0, 1):
                            # output phase (py, px) reads input phase (qy, qx) through tap
                            # (ky, kx) of the full-resolution kernel, if it has one
                            ky, kx = 2 * a + qy - py, 2 * b + qx - px
                            if 0 <= ky < k and 0 <= kx < k:
                                q, p = (qy * 2 + qx) * c_in, (py * 2 + px) * c_out
                                out[a, b, q:q + c_in, p:p + c_out] = kernel[ky, kx]
    return out


def conv_in_phases(x, kernel):
    """tf.nn.conv2d(x, original 9x9 kernel, 1, "SAME"), with `kernel` from phase_kernel()."""
    return tf.nn.depth_to_space(tf.nn.conv2d(tf.nn.space_to_depth(x, 2), kernel, 1, "SAME"), 2)
