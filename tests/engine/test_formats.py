"""Phone formats in, no metadata out: HEIC (pillow-heif) and AVIF (Pillow) photos with
EXIF orientation 6 and GPS tags; a transparent PNG downloaded as JPEG stays hidden."""
import io

import numpy as np
import pytest
from PIL import Image

from models import images
from tests.engine.cli import run

GPS_IFD = 0x8825


def landscape() -> np.ndarray:
    """60x40: the left half white, the right half black."""
    rgb = np.zeros((40, 60, 3), np.uint8)
    rgb[:, :30] = 255
    return rgb


def phone_file(fmt: str) -> bytes:
    """A landscape picture saved to be shown turned a quarter (orientation 6), with GPS."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.0)
    buffer = io.BytesIO()
    Image.fromarray(landscape()).save(buffer, fmt, exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_a_phone_photo_is_decoded_upright(fmt):
    data = phone_file(fmt)
    decoded = images.decode(data)
    assert decoded.format == fmt and decoded.size == (40, 60) == images.image_size(data)
    # turned a quarter clockwise: the white left half is now the top
    assert decoded.rgb[:25].mean() > 200 and decoded.rgb[-25:].mean() < 50


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_results_from_a_phone_photo_carry_no_exif_or_gps(fmt):
    decoded = images.decode(phone_file(fmt))
    for out in ("jpeg", "png"):
        result = Image.open(io.BytesIO(images.encode(decoded.rgb, fmt=out)))
        assert not result.getexif() and "exif" not in result.info
        assert not result.getexif().get_ifd(GPS_IFD)


@pytest.mark.parametrize("fmt,suffix", [("HEIF", "heic"), ("AVIF", "avif")])
def test_the_command_line_paints_a_phone_photo_upright_and_without_metadata(tmp_path, pretrained_dir, fmt, suffix):
    source = tmp_path / f"phone.{suffix}"
    source.write_bytes(phone_file(fmt))
    out = tmp_path / "out.jpg"
    result = run("stylize", "--style", "wave", source, out, pretrained_dir=pretrained_dir)
    assert result.returncode == 0, result.stderr
    painted = Image.open(out)
    assert painted.size == (40, 60) and not painted.getexif() and "exif" not in painted.info


def test_a_file_that_claims_to_be_heic_but_is_cut_short_is_corrupt():
    data = phone_file("HEIF")
    with pytest.raises(images.CorruptImage):
        images.decode(data[:len(data) // 3])


def cut_out_circle() -> bytes:
    """A red square with a circle cut out of it: only the circle shows; the red is hidden."""
    rgb = np.zeros((64, 64, 3), np.uint8)
    rgb[...] = (255, 0, 0)
    y, x = np.mgrid[:64, :64]
    inside = (y - 32) ** 2 + (x - 32) ** 2 < 20 ** 2
    rgb[inside] = (0, 0, 200)
    alpha = np.where(inside, 255, 0).astype(np.uint8)
    return images.encode(rgb, alpha, fmt="png")


def test_a_transparent_png_as_jpeg_is_laid_on_white_and_its_hidden_colour_never_shows():
    decoded = images.decode(cut_out_circle())
    assert decoded.alpha is not None
    jpeg = images.decode(images.encode(decoded.rgb, decoded.alpha, fmt="jpeg")).rgb
    y, x = np.mgrid[:64, :64]
    outside = (y - 32) ** 2 + (x - 32) ** 2 > 23 ** 2
    # white, not the hidden red (a few units of JPEG ringing next to the circle's edge)
    assert jpeg[outside].mean() >= 250 and jpeg[outside].min() >= 225
    red_tint = jpeg[outside][:, 0].astype(int) - jpeg[outside][:, 1:].max(axis=1)
    assert red_tint.max() <= 10
    assert jpeg[32, 32, 2] > 150 and jpeg[32, 32, 0] < 60  # the circle is still blue


def test_a_transparent_png_keeps_its_alpha_as_png():
    decoded = images.decode(cut_out_circle())
    again = images.decode(images.encode(decoded.rgb, decoded.alpha, fmt="png"))
    assert np.array_equal(again.alpha, decoded.alpha)
