"""A phone-sized photo made from a real one (../shared/samples/stata.jpg): Lanczos up to
the size asked, with the grain a phone's sensor leaves, so it has detail of its own."""
import numpy as np
from PIL import Image


def phone_photo(samples_dir, width: int = 4032, seed: int = 0) -> np.ndarray:
    source = Image.open(samples_dir / "stata.jpg").convert("RGB")
    height = round(width * source.height / source.width)
    big = np.asarray(source.resize((width, height), Image.Resampling.LANCZOS)).astype(np.float32)
    grain = np.random.default_rng(seed).normal(0, 4, big.shape[:2]).astype(np.float32)
    return np.clip(big + grain[..., None], 0, 255).astype(np.uint8)


def scaled(rgb: np.ndarray, longest: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    scale = longest / max(height, width)
    size = (round(width * scale), round(height * scale))
    return np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.LANCZOS))
