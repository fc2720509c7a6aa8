"""Uploaded pictures on the web side: the one door every upload goes through.

The web process reads a picture's header (format, size) and never holds its full-size
pixels: a 150 KB PNG can unpack to 49 MP (196 MB as RGBA), and this process serves
everyone. Display copies (a job's photo preview and thumbnail, a style's thumbnail)
are decoded here only when that is cheap: a JPEG through Pillow's `draft` (the decoder
itself scales by 1/2 to 1/8, so a 50 MP JPEG never unpacks past ~3 MP), anything else
only up to WEB_DECODE_MAX_PIXELS. Otherwise the worker, which decodes the photo to paint
it anyway, makes them (app/services/runner.py)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from flask import current_app
from PIL import Image

from models import images as imaging
from app.services.errors import ServiceError

# Decoded at full size on the web, at most 4 bytes a pixel: 32 MB. A bigger PNG, WebP or
# GIF gets its display copies from the worker.
WEB_DECODE_MAX_PIXELS = 8_000_000


@dataclass(frozen=True)
class Upload:
    data: bytes
    format: str  # "JPEG", "PNG", "WEBP", "GIF"
    width: int  # as displayed (EXIF orientation applied)
    height: int

    @property
    def content_type(self) -> str:
        return f"image/{self.format.lower()}"


def _max_pixels() -> int:
    return current_app.config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000


def inspect_upload(data: bytes, missing: str = "Choose a photo to upload.") -> Upload:
    """Check an upload from its header only. Raises ServiceError."""
    if not data:
        raise ServiceError("missing_photo", missing, 422)
    try:
        width, height = imaging.image_size(data, max_pixels=_max_pixels())
        fmt = Image.open(io.BytesIO(data), formats=imaging.ACCEPTED_FORMATS).format
    except imaging.ImageError as exc:
        raise ServiceError(exc.code, str(exc), 415 if isinstance(exc, imaging.UnsupportedImage)
                          else 422) from None
    return Upload(data, "JPEG" if fmt == "MPO" else fmt, width, height)


def decode_upload(data: bytes, *longest: int,
                  missing: str = "Choose a photo to upload.") -> tuple[Upload, list[np.ndarray] | None]:
    """The one way an uploaded picture comes in: checked from its header (size limit,
    kind), then its display copies at `longest` (None: the worker makes them). Raises
    ServiceError: 415 not a picture we take, 422 missing, damaged or too large."""
    upload = inspect_upload(data, missing)
    return upload, display_copies(upload, *longest)


def decodable_here(upload: Upload) -> bool:
    """Whether display copies of it can be made here within the memory bound."""
    return upload.format == "JPEG" or upload.width * upload.height <= WEB_DECODE_MAX_PIXELS


def display_copies(upload: Upload, *longest: int) -> list[np.ndarray] | None:
    """Upright sRGB copies whose longer sides are at most `longest` (largest first),
    decoded within the bound; None when only a full decode could make them (the
    worker makes them then). Raises ServiceError if the pixels turn out damaged."""
    if not decodable_here(upload):
        return None
    try:
        image = Image.open(io.BytesIO(upload.data), formats=imaging.ACCEPTED_FORMATS)
        if upload.format == "JPEG":
            # The smallest scale (1/2..1/8) whose sides still cover the largest copy,
            # either way round (EXIF orientation is applied after).
            side = max(longest)
            image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB",
                        (side, side))
        image.load()
        small = imaging.decode(_reencode(image, max(longest)))
    except imaging.ImageError as exc:
        raise ServiceError(exc.code, str(exc), 422) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ServiceError("invalid_image", "The image is damaged or incomplete and cannot be "
                                           "read.", 422) from None
    # Laid on white, as every JPEG copy is: what transparency hid stays hidden.
    rgb = small.rgb if small.alpha is None else imaging.on_white(small.rgb, small.alpha)
    return [imaging.thumbnail(rgb, side) for side in sorted(longest, reverse=True)]


def _reencode(image: Image.Image, longest: int) -> bytes:
    """The loaded picture reduced to `longest` (reducing_gap: a cheap box reduce first),
    as a fast PNG carrying its colour profile and orientation, so imaging.decode turns
    it upright sRGB exactly as it does any upload."""
    orientation, icc = image.getexif().get(0x0112), image.info.get("icc_profile")
    if image.mode in ("P", "PA", "1"):
        image = image.convert("RGBA")  # resize would pick nearest pixels in a palette
    elif image.mode.startswith("I"):  # 16-bit greyscale to 8 bits, as imaging.decode does
        image = Image.fromarray(np.clip(np.asarray(image) >> 8, 0, 255).astype(np.uint8), "L")
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = Image.Exif()
    if orientation:
        out[0x0112] = orientation
    buffer = io.BytesIO()
    save = {"compress_level": 1, "exif": out.tobytes()}
    if icc and image.mode != "CMYK":  # a CMYK profile cannot describe the RGB copy
        save["icc_profile"] = icc
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGB")
    image.save(buffer, "PNG", **save)
    return buffer.getvalue()
