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
