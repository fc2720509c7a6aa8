"""Large photos run in strips with whole-picture statistics: same result, no seams."""
import numpy as np
import pytest
from PIL import Image

from models import images

pytestmark = pytest.mark.engine_only


def run_in_strips(engine, monkeypatch, picture, slug, strip_pixels=None):
    with monkeypatch.context() as patch:
        patch.setattr(engine, "piece_pixels", 0)
        if strip_pixels:
            patch.setattr(engine, "strip_pixels", strip_pixels)
        return engine.stylize(picture, slug)


def test_strips_match_the_one_piece_result_at_4_megapixels(engine, samples_dir, psnr, monkeypatch):
    stata = Image.open(samples_dir / "stata.jpg").convert("RGB")
    picture = np.asarray(stata.resize((2450, 1640), Image.Resampling.LANCZOS))  # 4.0 MP
    monkeypatch.setattr(engine, "piece_pixels", 10 ** 9)
    whole = engine.stylize(picture, "wave")
    strips = run_in_strips(engine, monkeypatch, picture, "wave", strip_pixels=2_200_000)  # two strips
    assert strips.shape == whole.shape
    assert psnr(strips, whole) >= 40.0


@pytest.mark.parametrize("height,width", [(203, 301), (301, 203), (45, 900), (1, 300)])
def test_strips_leave_no_seams(engine, photo, monkeypatch, height, width):
    """Many narrow strips: any seam would show as a large difference somewhere."""
    picture = photo(height, width, seed=width)
    whole = engine.stylize(picture, "udnie")
    strips = run_in_strips(engine, monkeypatch, picture, "udnie", strip_pixels=4000)
    assert strips.shape == picture.shape
    assert np.abs(strips.astype(int) - whole).max() <= 2


def test_the_default_path_switches_to_strips_for_large_photos(engine):
    # a 3000 x 2000 photo would need one piece of about 6 MP: too much memory
    assert engine.in_strips(2000, 3000) and not engine.in_strips(816, 1224)
    assert not engine.in_strips(2000, 3000, exact=True)  # the reference runs in one piece


def test_chicago_in_strips_matches_the_one_piece_result(engine, samples_dir, psnr, monkeypatch):
    photo = images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb
    whole = engine.stylize(photo, "wave")
    assert psnr(run_in_strips(engine, monkeypatch, photo, "wave", strip_pixels=60_000), whole) >= 45.0
