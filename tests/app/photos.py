"""Small photos made on the spot, so tests need no files."""
import io

from PIL import Image


def jpeg(width: int = 64, height: int = 48, color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def png_with_alpha(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 200, 90, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def textured_jpeg(width: int, height: int, seed: int = 0) -> bytes:
    """A photo-like image (smooth gradients plus noise) of any size."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255 / max(width, 1), y * 255 / max(height, 1),
                     (x + y) * 127 / max(width + height, 1)], axis=-1)
    pixels = np.clip(base + rng.normal(0, 20, base.shape), 0, 255).astype("uint8")
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def noisy_band_png(width: int, height: int) -> bytes:
    """Large in pixels, small in bytes: a row of noise repeated (zlib finds them)."""
    import numpy as np

    rng = np.random.default_rng(1)
    band = rng.integers(0, 256, (1, width, 3), dtype=np.uint8)
    pixels = np.tile(band, (height, 1, 1))
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()
