"""After the network: how strongly the style shows, and keeping the photo's own colours.

Pure numpy (no TensorFlow), on uint8 RGB arrays of the same shape. Both work in
CIELAB (D65), where distances follow perceived differences and lightness is apart
from colour:

- `blend(original, stylised, strength)`: a mix in CIELAB rather than in sRGB, so a
  half-way picture does not drift through muddy, greyed hues; then each channel's
  spread is brought back to the mix of the two pictures' spreads. Averaging two
  pictures whose fine textures do not line up cancels part of both textures (the
  spread of a 50/50 mix of unrelated textures is about 0.71 of theirs), which reads
  as washed out in the middle of the range; the gain undoes exactly that loss and is
  1 at both ends, so strength 0 is the photo and 1 the full painting.
- `keep_colors(original, stylised)`: the stylised lightness, shifted and scaled so
  its mean and spread are the photo's (neither washed out nor too dark), with the
  photo's a* and b* (its colours): the painting gives texture, the photo its colour.
"""
from __future__ import annotations

import numpy as np

# sRGB (D65) to CIE XYZ, and the D65 white point.
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
_XYZ_TO_RGB = np.linalg.inv(_RGB_TO_XYZ)
_WHITE = np.array([0.95047, 1.0, 1.08883])
_EPS = 216 / 24389  # CIE's epsilon and kappa, exact
_KAPPA = 24389 / 27
MAX_GAIN = 1.6  # the most a blend's spread is raised (only unrelated textures need ~1.41)


def _check(original: np.ndarray, stylised: np.ndarray) -> None:
    for name, rgb in (("original", original), ("stylised", stylised)):
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"{name} must be a uint8 array of shape (height, width, 3)")
    if original.shape != stylised.shape:
        raise ValueError(f"shapes differ: {original.shape} and {stylised.shape}")


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB -> float32 CIELAB (L in 0..100)."""
    c = rgb.astype(np.float32) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ (_RGB_TO_XYZ / _WHITE[:, None]).T.astype(np.float32)
    f = np.where(xyz > _EPS, np.cbrt(xyz), (_KAPPA * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1).astype(np.float32)


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """float CIELAB -> uint8 sRGB, colours outside sRGB clipped to its gamut."""
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f ** 3 > _EPS, f ** 3, (116 * f - 16) / _KAPPA)
    linear = np.clip(xyz @ (_XYZ_TO_RGB * _WHITE[None, :]).T.astype(np.float32), 0.0, 1.0)
    c = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.clip(np.rint(c * 255.0), 0, 255).astype(np.uint8)


def blend(original: np.ndarray, stylised: np.ndarray, strength: float) -> np.ndarray:
    """`strength` of the style (0: the photo, 1: the stylised picture), uint8 RGB."""
    _check(original, stylised)
    s = float(strength)
    if not 0.0 <= s <= 1.0:
        raise ValueError("strength must be between 0 and 1")
    if s == 0.0:
        return original.copy()
    if s == 1.0:
        return stylised.copy()
    photo, painting = rgb_to_lab(original), rgb_to_lab(stylised)
    mix = (1 - s) * photo + s * painting
    mean = mix.mean(axis=(0, 1))
    wanted = (1 - s) * photo.std(axis=(0, 1)) + s * painting.std(axis=(0, 1))
    gain = np.clip(wanted / np.maximum(mix.std(axis=(0, 1)), 1e-3), 1.0, MAX_GAIN)
    return lab_to_rgb(mean + (mix - mean) * gain)


def keep_colors(original: np.ndarray, stylised: np.ndarray) -> np.ndarray:
    """The stylised lightness (matched to the photo's mean and spread) in the photo's colours."""
    _check(original, stylised)
    photo, painting = rgb_to_lab(original), rgb_to_lab(stylised)
    lightness = painting[..., 0]
    spread = max(float(lightness.std()), 1e-3)
    matched = (lightness - lightness.mean()) * (float(photo[..., 0].std()) / spread) \
        + float(photo[..., 0].mean())
    lab = np.concatenate([np.clip(matched, 0, 100)[..., None], photo[..., 1:]], axis=-1)
    return lab_to_rgb(lab)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two uint8 pictures, in dB (inf when equal)."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)
