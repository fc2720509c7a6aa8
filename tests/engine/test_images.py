"""Decoding uploads and encoding results (Pillow and numpy only)."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageCms

from models import images

pytestmark = pytest.mark.engine_only


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def gradient(width=40, height=30) -> Image.Image:
    x = np.linspace(0, 255, width, dtype=np.uint8)[None, :, None]
    y = np.linspace(0, 255, height, dtype=np.uint8)[:, None, None]
    return Image.fromarray(np.concatenate([np.broadcast_to(x, (height, width, 1)),
                                           np.broadcast_to(y, (height, width, 1)),
                                           np.full((height, width, 1), 80, np.uint8)], -1))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_four_accepted_formats_decode(fmt):
    decoded = images.decode(saved(gradient(), fmt))
    assert decoded.rgb.shape == (30, 40, 3) and decoded.rgb.dtype == np.uint8
    assert decoded.format == fmt and decoded.alpha is None


def test_an_animated_gif_gives_its_first_frame():
    frames = [Image.new("RGB", (8, 6), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    data = saved(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    rgb = images.decode(data).rgb
    assert rgb[3, 4, 0] > 200 and rgb[3, 4, 2] < 50


@pytest.mark.parametrize("orientation,shape", [(1, (30, 40)), (3, (30, 40)), (6, (40, 30)), (8, (40, 30))])
def test_exif_orientation_is_applied(orientation, shape):
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = saved(gradient(), "JPEG", exif=exif.tobytes())
    assert images.decode(data).rgb.shape[:2] == shape
    assert images.image_size(data) == (shape[1], shape[0])


def test_a_quarter_turn_puts_the_top_left_corner_where_it_is_displayed():
    exif = Image.Exif()
    exif[0x0112] = 6  # displayed turned 90 degrees clockwise
    picture = Image.new("RGB", (40, 30), (0, 0, 0))
    picture.paste((255, 255, 255), (0, 0, 10, 10))  # white top-left corner as stored
    rgb = images.decode(saved(picture, "PNG", exif=exif.tobytes())).rgb
    assert rgb[2, -3].min() > 200 and rgb[2, 2].max() < 50  # now the top-right corner


def test_greyscale_becomes_rgb():
    rgb = images.decode(saved(Image.new("L", (5, 4), 77), "PNG")).rgb
    assert rgb.shape == (4, 5, 3) and (rgb == 77).all()


def test_a_palette_image_becomes_rgb():
    picture = gradient().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    decoded = images.decode(saved(picture, "PNG"))
    assert decoded.rgb.shape == (30, 40, 3) and decoded.alpha is None


def test_a_palette_image_with_a_transparent_colour_keeps_its_alpha():
    picture = Image.new("P", (6, 4), 0)
    picture.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    picture.paste(1, (0, 0, 3, 4))
    decoded = images.decode(saved(picture, "PNG", transparency=1))
    assert decoded.alpha is not None and decoded.alpha[0, 0] == 0 and decoded.alpha[0, 5] == 255


def test_cmyk_becomes_rgb():
    rgb = images.decode(saved(Image.new("CMYK", (6, 4), (0, 255, 255, 0)), "JPEG", quality=100)).rgb
    red, green, blue = rgb[2, 3].astype(int)
    assert red > 200 and green < 60 and blue < 60


def test_an_embedded_colour_profile_is_honoured():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = saved(gradient(), "PNG", icc_profile=profile)
    assert np.abs(images.decode(data).rgb.astype(int) - np.asarray(gradient())).max() <= 2


def test_16_bit_greyscale_is_scaled_not_clipped():
    values = np.array([[0, 257 * 128, 65535]], np.uint16)
    rgb = images.decode(saved(Image.fromarray(values), "PNG")).rgb
    assert rgb[0, :, 0].tolist() == [0, 128, 255]


def test_alpha_is_kept_only_when_something_is_transparent():
    rgba = np.dstack([np.asarray(gradient()), np.full((30, 40), 255, np.uint8)])
    assert images.decode(saved(Image.fromarray(rgba), "PNG")).alpha is None
    rgba[:10, :10, 3] = 0
    alpha = images.decode(saved(Image.fromarray(rgba), "PNG")).alpha
    assert alpha is not None and alpha[0, 0] == 0 and alpha[20, 20] == 255


def test_greyscale_with_alpha_keeps_its_alpha():
    picture = Image.new("LA", (5, 4), (100, 50))
    decoded = images.decode(saved(picture, "PNG"))
    assert (decoded.rgb == 100).all() and (decoded.alpha == 50).all()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_from_its_header():
    with pytest.raises(images.ImageTooLarge) as caught:
        images.decode(_png_claiming(20_000, 20_000))
    assert caught.value.code == "image_too_large"


def test_pillows_own_bomb_check_also_means_too_large():
    with pytest.raises(images.ImageTooLarge):
        images.decode(_png_claiming(50_000, 50_000), max_pixels=10 ** 12)


def test_the_pixel_ceiling_can_be_lowered():
    with pytest.raises(images.ImageTooLarge, match="megapixels"):
        images.decode(saved(gradient(), "PNG"), max_pixels=1000)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_image_is_refused_as_invalid(fmt):
    data = saved(Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8)), fmt)
    with pytest.raises(images.CorruptImage) as caught:
        images.decode(data[:len(data) // 2])
    assert caught.value.code == "invalid_image"


@pytest.mark.parametrize("data", [b"hello, world", b"", b"%PDF-1.4 not a picture"])
def test_something_that_is_not_an_image_is_unsupported(data):
    with pytest.raises(images.UnsupportedImage) as caught:
        images.decode(data)
    assert caught.value.code == "unsupported_media_type"


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_images_in_other_formats_are_unsupported(fmt):
    with pytest.raises(images.UnsupportedImage):
        images.decode(saved(gradient(), fmt))


def test_errors_are_value_errors_with_a_message_for_people():
    with pytest.raises(ValueError, match="JPEG, PNG, WebP, GIF, HEIC or AVIF"):
        images.decode(b"plain text")


def test_encoded_results_carry_no_metadata_from_the_upload():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    decoded = images.decode(saved(gradient(), "JPEG", exif=exif.tobytes(), icc_profile=profile))
    for fmt in ("jpeg", "png"):
        out = Image.open(io.BytesIO(images.encode(decoded.rgb, fmt=fmt)))
        assert not out.getexif() and "exif" not in out.info and "icc_profile" not in out.info


def test_png_output_keeps_alpha_and_jpeg_drops_it():
    rgb, alpha = np.zeros((4, 6, 3), np.uint8), np.full((4, 6), 128, np.uint8)
    png = Image.open(io.BytesIO(images.encode(rgb, alpha, fmt="png")))
    assert png.mode == "RGBA" and np.asarray(png)[..., 3].tolist() == alpha.tolist()
    assert Image.open(io.BytesIO(images.encode(rgb, alpha, fmt="jpeg"))).mode == "RGB"


def test_encode_refuses_other_formats():
    with pytest.raises(ValueError):
        images.encode(np.zeros((2, 2, 3), np.uint8), fmt="bmp")


def test_a_thumbnail_shrinks_the_longer_side_and_never_enlarges():
    rgb = np.asarray(gradient(400, 300))
    assert images.thumbnail(rgb, 100).shape == (75, 100, 3)
    assert images.thumbnail(rgb, 1000).shape == (300, 400, 3)
    assert images.thumbnail(np.zeros((1, 500, 3), np.uint8), 50).shape == (1, 50, 3)
