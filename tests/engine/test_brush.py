"""Brush sizes (models/brush.py) through models/pipeline.py and the command line: the
result always has the photo's size; broad and medium give the same picture at any
resolution; a preview is the result, smaller."""
import inspect

import numpy as np
import pytest
from PIL import Image

from models import brush, images, pipeline, quality, upsample
from tests.engine.cli import run
from tests.engine.phone import phone_photo, scaled

SAME_PICTURE_DB = 30  # the floor; measured 36-37 dB at 12 against 6 MP (bench/sizes.py)
# Preview against result, both at the preview's 256 px: measured 46-54 dB over the six
# styles (bench/sizes.py); a preview painted smaller than the working size (800 px for
# medium's 1280) scores 18-23 dB. 35 dB tells the same picture from another.
PREVIEW_DB = 35


def test_working_sizes_keep_the_shape_and_never_enlarge():
    assert brush.working_size(4032, 3024, "medium") == (1280, 960)
    assert brush.working_size(3024, 4032, "broad") == (600, 800)
    assert brush.working_size(4032, 3024, "fine") == (4032, 3024)
    assert brush.working_size(640, 480, "broad") == (640, 480)
    with pytest.raises(ValueError):
        brush.working_size(640, 480, "huge")


def test_fine_costs_more_only_where_it_paints_more():
    assert brush.cost(4032, 3024, "fine") == brush.FINE_COST > 1
    assert brush.cost(4032, 3024, "medium") == brush.cost(4032, 3024, "broad") == 1
    assert brush.cost(1000, 750, "fine") == 1  # within medium's size: the same work


@pytest.mark.parametrize("name", brush.BRUSHES)
def test_each_brush_gives_a_result_of_the_photos_size(engine, photo, name):
    rgb = photo(1200, 1700)
    result = pipeline.render(engine, rgb, "wave", brush=name)
    assert result.shape == rgb.shape and result.dtype == np.uint8


def test_a_photo_within_the_working_size_is_painted_as_it_is(engine, samples_dir):
    rgb = images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb  # 712 px: under 800
    for name in brush.BRUSHES:
        assert np.array_equal(pipeline.render(engine, rgb, "udnie", brush=name),
                              engine.stylize(rgb, "udnie"))


def test_the_same_photo_at_12_and_6_megapixels_gives_the_same_picture(engine, samples_dir):
    big = phone_photo(samples_dir, width=4032)  # 11 MP
    half = upsample.resize(big, (2851, round(2851 * big.shape[0] / big.shape[1])))  # half the pixels
    at = {name: scaled(pipeline.render(engine, rgb, "la_muse"), 1024)
          for name, rgb in (("12 MP", big), ("6 MP", half))}
    assert quality.psnr(at["12 MP"], at["6 MP"]) >= SAME_PICTURE_DB


@pytest.mark.parametrize("name", ["broad", "medium"])
def test_a_preview_is_the_result_smaller(engine, samples_dir, name):
    rgb = phone_photo(samples_dir, width=3000)
    shown = pipeline.previews(engine, rgb, ["wave", "la_muse"], brush=name)
    for slug, preview in shown.items():
        assert max(preview.shape[:2]) == pipeline.PREVIEW_LONGEST
        result = pipeline.render(engine, rgb, slug, brush=name)
        small = upsample.resize(result, (preview.shape[1], preview.shape[0]))
        assert quality.psnr(small, preview) >= PREVIEW_DB, slug


def test_the_command_line_paints_with_each_brush_at_the_photos_size(tmp_path, pretrained_dir, samples_dir):
    source = tmp_path / "big.jpg"
    Image.fromarray(phone_photo(samples_dir, width=1700)).save(source, quality=90)
    for name in brush.BRUSHES:
        out = tmp_path / f"{name}.png"
        result = run("stylize", "--style", "wave", "--brush", name, source, out, pretrained_dir=pretrained_dir)
        assert result.returncode == 0, result.stderr
        assert Image.open(out).size == Image.open(source).size
    bad = run("stylize", "--style", "wave", "--brush", "huge", source, tmp_path / "x.png")
    assert bad.returncode != 0 and "huge" in bad.stderr


def _engine_paints_exactly() -> bool:
    from models.engine import Engine

    return "exact" in inspect.signature(Engine.stylize).parameters


@pytest.mark.skipif(not _engine_paints_exactly(), reason="needs the engine's exact= (zero padding)")
def test_exact_on_the_command_line_paints_every_pixel_as_the_reference(tmp_path, pretrained_dir, samples_dir, engine):
    source = tmp_path / "big.png"
    rgb = phone_photo(samples_dir, width=1500)
    Image.fromarray(rgb).save(source)
    out = tmp_path / "exact.png"
    result = run("stylize", "--style", "wave", "--exact", source, out, pretrained_dir=pretrained_dir)
    assert result.returncode == 0, result.stderr
    assert np.array_equal(np.asarray(Image.open(out)), engine.stylize(rgb, "wave", exact=True))
