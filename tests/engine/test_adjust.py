"""Strength and "keep my photo's colours" (models/adjust.py, models/pipeline.py) on real
pictures: chicago.jpg painted by the real networks."""
import numpy as np
import pytest

from models import adjust, images, pipeline

pytestmark = pytest.mark.engine_only
STRENGTHS = (0.0, 0.25, 0.5, 0.75, 1.0)
CHROMA_TOLERANCE = 1.5  # CIELAB units: mean a* and b* of "keep my colours" vs the photo's


@pytest.fixture(scope="module")
def photo(samples_dir):
    return images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb


@pytest.fixture(scope="module")
def scream(engine, photo):
    return engine.stylize(photo, "the_scream")


def test_the_lab_round_trip_gives_back_every_colour():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    assert np.abs(adjust.lab_to_rgb(adjust.rgb_to_lab(rgb)).astype(int) - rgb).max() <= 1


def test_strength_zero_is_the_photo_and_one_the_painting(engine, photo, scream, psnr):
    assert psnr(pipeline.render(engine, photo, "the_scream", strength=0.0), photo) >= 35
    assert np.array_equal(pipeline.render(engine, photo, "the_scream", strength=1.0), scream)


def test_more_strength_moves_steadily_from_the_photo_to_the_painting(photo, scream):
    def distance(a, b):
        return float(np.abs(a.astype(int) - b).mean())

    steps = [adjust.blend(photo, scream, s) for s in STRENGTHS]
    from_photo = [distance(step, photo) for step in steps]
    from_painting = [distance(step, scream) for step in steps]
    assert from_photo == sorted(from_photo) and from_painting == sorted(from_painting, reverse=True)
    # roughly even steps: no quarter of the slider does (almost) all the change
    gaps = np.diff(from_photo)
    assert gaps.min() > 0.4 * gaps.mean(), gaps


def test_a_half_way_blend_keeps_its_contrast_where_a_plain_mix_washes_out(photo, scream):
    plain = np.rint(0.5 * photo.astype(float) + 0.5 * scream).astype(np.uint8)
    ours = adjust.blend(photo, scream, 0.5)
    spreads = [adjust.rgb_to_lab(x).reshape(-1, 3).std(axis=0) for x in (photo, scream, plain, ours)]
    wanted = 0.5 * spreads[0] + 0.5 * spreads[1]
    assert np.all(spreads[3] > spreads[2])  # lightness and both colour axes
    assert np.all(np.abs(spreads[3] - wanted) < 0.06 * wanted + 0.5)


def test_keeping_colours_keeps_the_photos_mean_colour_and_takes_the_paintings_light(photo, scream):
    kept = adjust.keep_colors(photo, scream)
    lab_photo, lab_painting, lab_kept = (adjust.rgb_to_lab(x) for x in (photo, scream, kept))
    chroma_shift = np.abs(lab_kept[..., 1:].mean(axis=(0, 1)) - lab_photo[..., 1:].mean(axis=(0, 1)))
    assert chroma_shift.max() <= CHROMA_TOLERANCE, chroma_shift
    # ... while the painting's colours are far from the photo's
    assert np.abs(lab_painting[..., 1:].mean(axis=(0, 1)) - lab_photo[..., 1:].mean(axis=(0, 1))).max() > 5
    # lightness matched to the photo's: neither washed out nor too dark
    assert abs(lab_kept[..., 0].mean() - lab_photo[..., 0].mean()) < 1.5
    assert abs(lab_kept[..., 0].std() - lab_photo[..., 0].std()) < 1.5
    # and its structure is the painting's, not the photo's
    def corr(a, b):
        return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])
    assert corr(lab_kept[..., 0], lab_painting[..., 0]) > 0.95
    assert corr(lab_kept[..., 0], lab_painting[..., 0]) > corr(lab_kept[..., 0], lab_photo[..., 0])


def test_colours_and_strength_together_through_the_pipeline(engine, photo, scream):
    out = pipeline.render(engine, photo, "the_scream", strength=0.5, preserve_colors=True)
    assert out.shape == photo.shape and out.dtype == np.uint8
    expected = adjust.blend(photo, adjust.keep_colors(photo, scream), 0.5)
    assert np.array_equal(out, expected)


def test_bad_strengths_and_mismatched_pictures_are_refused(photo, scream):
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError):
            adjust.blend(photo, scream, bad)
    with pytest.raises(ValueError):
        adjust.keep_colors(photo, scream[:-1])


def test_six_previews_of_longest_side_256_in_one_pass(engine, photo):
    out = pipeline.previews(engine, photo, [s.slug for s in engine.styles])
    assert len(out) == 6
    assert all(max(p.shape[:2]) == 256 and p.shape[:2] == (170, 256) for p in out.values())
