"""A corpus of hostile and strange files, generated on the spot."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.app import photos


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims enormous dimensions: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) \
        + chunk(b"IEND", b"")


def _save(image: Image.Image, fmt: str, **kw) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kw)
    return buffer.getvalue()


def _exif_rotated() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    return _save(Image.new("RGB", (80, 40), (200, 30, 30)), "JPEG", exif=exif.tobytes())


def refused() -> dict[str, tuple[bytes, int]]:
    """name -> (file bytes, the HTTP status the upload must get)."""
    jpeg = photos.textured_jpeg(200, 150)
    return {
        "truncated.jpg": (jpeg[: len(jpeg) // 2], 422),
        "empty.jpg": (b"", 422),
        "text.jpg": (b"hello, I am a text file\n" * 50, 415),
        "page.html": (b"<!doctype html><script>alert(1)</script>", 415),
        "vector.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415),
        "doc.pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", 415),
        "bomb.png": (_png_header_only(100_000, 100_000), 422),
    }


def accepted() -> dict[str, tuple[bytes, tuple[int, int]]]:
    """name -> (file bytes, the displayed (width, height) the result must have)."""
    return {
        "cmyk.jpg": (_save(Image.new("CMYK", (60, 40), (0, 128, 255, 0)), "JPEG"), (60, 40)),
        "sixteen-bit.png": (_save(Image.new("I;16", (50, 30), 40000), "PNG"), (50, 30)),
        "exif-rotated.jpg": (_exif_rotated(), (40, 80)),
        "palette.gif": (_save(Image.new("P", (33, 21), 5), "GIF"), (33, 21)),
        "transparent.png": (photos.png_with_alpha(40, 30), (40, 30)),
        "tiny.webp": (_save(Image.new("RGB", (1, 1), (9, 9, 9)), "WEBP"), (1, 1)),
    }
