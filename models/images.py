"""Image helpers kept apart from the network: decode an upload, encode a result.

Pillow and numpy only (no TensorFlow), so the web process can validate uploads.
The format is decided from the bytes, never from a file name.
"""
from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# iPhones save HEIC: pillow-heif opens it (and applies the HEIF rotation itself, so its
# EXIF orientation reads 1); AVIF is Pillow's own. Pillow opens MPO (phone JPEGs) as JPEG.
pillow_heif.register_heif_opener()
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF", "AVIF")
# ISO media files (HEIC, HEIF, AVIF) say what they are in their `ftyp` box's brand.
_ISO_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
               b"avif", b"avis")
# The signatures of the accepted formats: bytes that claim to be one of them but
# fail to decode are corrupt (422), anything else is not a supported image (415).
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
DEFAULT_MAX_PIXELS = 50_000_000
_SWAPPING_ORIENTATIONS = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageError(ValueError):
    """An upload that cannot become a picture; `code` is for machines, str() for people."""

    code = "invalid_image"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedImage(ImageError):
    code = "unsupported_media_type"


class CorruptImage(ImageError):
    code = "invalid_image"


class ImageTooLarge(ImageError):
    code = "image_too_large"


@dataclass(frozen=True)
class Decoded:
    rgb: np.ndarray  # uint8, height x width x 3, sRGB, upright
    alpha: np.ndarray | None  # uint8, height x width; None when fully opaque
    format: str  # as Pillow names it: "JPEG", "PNG", "WEBP", "GIF", "HEIF", "AVIF"

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) as displayed."""
        return self.rgb.shape[1], self.rgb.shape[0]


def _claims_supported_format(data: bytes) -> bool:
    return (data.startswith(_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
            or (data[4:8] == b"ftyp" and data[8:12] in _ISO_BRANDS))


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open lazily (header only) and refuse what is not wanted before any pixel is decoded."""
    if not data:
        raise UnsupportedImage("The file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge("The image has too many pixels.") from exc
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError, EOFError) as exc:
        if _claims_supported_format(data):
            raise CorruptImage("The image is damaged or incomplete and cannot be read.") from exc
        raise UnsupportedImage("This is not a supported image; please upload a JPEG, PNG, WebP, GIF, HEIC or AVIF.") from exc
    width, height = image.size
    if width * height > max_pixels:
        raise ImageTooLarge(f"The image is {width}x{height} ({width * height / 1e6:.1f} megapixels); "
                            f"the limit is {max_pixels / 1e6:g} megapixels.")
    if width < 1 or height < 1:
        raise CorruptImage("The image has no pixels.")
    return image


def image_size(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """(width, height) as displayed (after EXIF orientation), from the header only."""
    image = _open(data, max_pixels)
    width, height = image.size
    try:
        if image.format == "PNG":
            # PNG's getexif() decodes every pixel to look for an eXIf chunk after them: only
            # one before them (where Pillow writes it) counts, as the web never decodes.
            exif = Image.Exif()
            if image.info.get("exif"):
                exif.load(image.info["exif"])
            orientation = exif.get(0x0112, 1)
        else:
            orientation = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block does not change the size we report
        orientation = 1
    return (height, width) if orientation in _SWAPPING_ORIENTATIONS else (width, height)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB through the embedded ICC profile when there is one, else Pillow's plain conversion."""
    if image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(source).lower():
                return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: the plain conversion is still a fair picture
    return image if image.mode == "RGB" else image.convert("RGB")  # no copy of a 48 MP photo


def _to_8bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale (PNG opens it as I;16 or I) scaled to 0..255; convert() would clip."""
    values = np.asarray(image).astype(np.float64) / 257.0
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), "L")


def _split(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """(rgb, alpha), alpha None unless some pixel is actually see-through."""
    icc = image.info.get("icc_profile")
    if image.mode.startswith("I"):
        image = _to_8bit(image)
    alpha = None
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        channel = np.asarray(rgba.getchannel("A"))
        alpha = channel.copy() if channel.min() < 255 else None
        image = rgba.convert("RGB")
    return np.asarray(_to_srgb(image, icc)), alpha


def decode(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> Decoded:
    """Decode an upload into upright sRGB pixels (first frame of an animation).

    Raises UnsupportedImage, CorruptImage or ImageTooLarge (all ImageError)."""
    image = _open(data, max_pixels)
    fmt = "JPEG" if image.format == "MPO" else image.format
    try:
        image.seek(0)
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        rgb, alpha = _split(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge("The image has too many pixels.") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise CorruptImage("The image is damaged or incomplete and cannot be read.") from exc
    return Decoded(rgb=np.ascontiguousarray(rgb, dtype=np.uint8), alpha=alpha, format=fmt)


def encode(rgb: np.ndarray, alpha: np.ndarray | None = None, fmt: str = "jpeg",
           quality: int = 92) -> bytes:
    """JPEG or PNG bytes with no metadata at all. PNG keeps alpha; JPEG has none, so the
    picture is laid on white (what was hidden stays hidden)."""
    fmt = fmt.lower()
    if fmt not in ("jpeg", "jpg", "png"):
        raise ValueError(f"Unknown output format {fmt!r}; use jpeg or png.")
    if alpha is not None and fmt != "png":
        rgb, alpha = on_white(rgb, alpha), None
    image = Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8), "RGB")
    buffer = io.BytesIO()
    if fmt == "png":
        if alpha is not None:
            image.putalpha(Image.fromarray(np.ascontiguousarray(alpha, dtype=np.uint8), "L"))
        image.save(buffer, "PNG", optimize=False, compress_level=6)
    else:
        # Optimised Huffman tables save 3% of a 12 MP result but take 4x the time
        # (0.63 s against 0.16 s): only for pictures small enough not to notice.
        image.save(buffer, "JPEG", quality=quality, optimize=rgb.shape[0] * rgb.shape[1] <= 2_000_000)
    return buffer.getvalue()


def on_white(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """The picture composited over white: fully transparent pixels become pure white."""
    out = np.empty_like(rgb)
    for top in range(0, rgb.shape[0], 512):  # in strips: float copies of 48 MP are 0.6 GB
        rows = slice(top, top + 512)
        weight = alpha[rows].astype(np.float32)[..., None] / 255.0
        out[rows] = np.rint(rgb[rows] * weight + 255.0 * (1.0 - weight))
    return out


def thumbnail(rgb: np.ndarray, longest: int) -> np.ndarray:
    """Downscale (Lanczos) so the longer side is at most `longest`; never upscale."""
    height, width = rgb.shape[:2]
    if longest < 1:
        raise ValueError("longest must be at least 1")
    if max(height, width) <= longest:
        return rgb
    scale = longest / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(np.ascontiguousarray(rgb)).resize(
        size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return np.asarray(resized)


def read_picture(path: str | os.PathLike) -> np.ndarray:
    """Upright sRGB uint8 pixels of an image file (ImageError when it is not one)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImageError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    try:
        return decode(data).rgb
    except ImageError as exc:
        raise type(exc)(f"{path}: {exc}") from exc
