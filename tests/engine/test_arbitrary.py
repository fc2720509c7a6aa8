"""Any picture as the style (models/arbitrary.py): the pinned TF Lite models, sizes,
the cached style vector, and strength as a blend of style vectors."""
import shutil
from pathlib import Path

import numpy as np
import pytest

from models import images, pipeline

pytestmark = pytest.mark.engine_only
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def arbitrary_dir(shared_dir):
    from models.arbitrary import SHA256

    for candidate in (REPO / "models" / "assets" / "arbitrary", shared_dir / "arbitrary"):
        if all((candidate / name).is_file() for name in SHA256):
            return candidate
    pytest.skip("arbitrary style models not installed: run `make setup`")


@pytest.fixture(scope="module")
def styler(arbitrary_dir):
    from models.arbitrary import ArbitraryStyler

    return ArbitraryStyler(arbitrary_dir)


@pytest.fixture(scope="module")
def photo(samples_dir):
    return images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb


@pytest.fixture(scope="module")
def painting(shared_dir):
    return images.decode((shared_dir / "styles" / "the_scream.jpg").read_bytes()).rgb


def test_the_shared_models_have_the_pinned_hashes_and_set_up_pins_the_same(shared_dir):
    import importlib.util

    from models.arbitrary import SHA256, sha256_of

    spec = importlib.util.spec_from_file_location("install_assets", REPO / "scripts/install_assets.py")
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    assert install.ARBITRARY_SHA256 == SHA256
    for name, digest in SHA256.items():
        assert sha256_of(shared_dir / "arbitrary" / name) == digest


def test_a_model_that_is_not_the_pinned_one_is_refused(arbitrary_dir, tmp_path):
    from models.arbitrary import PREDICTOR, TRANSFORMER, ArbitraryStyler, AssetsMissing

    shutil.copy(arbitrary_dir / PREDICTOR, tmp_path / PREDICTOR)
    (tmp_path / TRANSFORMER).write_bytes((arbitrary_dir / TRANSFORMER).read_bytes()[:-1] + b"x")
    with pytest.raises(AssetsMissing, match="sha256"):
        ArbitraryStyler(tmp_path)
    (tmp_path / TRANSFORMER).unlink()
    with pytest.raises(AssetsMissing, match="missing"):
        ArbitraryStyler(tmp_path)


def test_the_painted_photo_has_the_photos_size_whatever_the_size(styler, photo, painting):
    for rgb in (photo, photo[:301, :199], photo[:5, :7]):  # 474 rows come back as 476: cropped
        out = styler.stylize(rgb, painting)
        assert out.shape == rgb.shape and out.dtype == np.uint8


def test_a_large_photo_is_painted_smaller_and_scaled_back(styler, photo, painting, monkeypatch):
    from models import arbitrary

    monkeypatch.setattr(arbitrary, "MAX_CONTENT_PIXELS", 100_000)
    out = styler.stylize(photo, painting)
    assert out.shape == photo.shape


def test_the_style_vector_is_computed_once_per_picture(styler, painting):
    first = styler.style_vector(painting)
    assert first.shape == (1, 1, 1, 100)
    assert styler.style_vector(painting.copy()) is first


def test_the_result_follows_the_painting(styler, photo, painting, shared_dir):
    wave = images.decode((shared_dir / "styles" / "wave.jpg").read_bytes()).rgb
    a, b = styler.stylize(photo, painting), styler.stylize(photo, wave)
    assert np.abs(a.astype(int) - b).mean() > 10


def test_strength_blends_the_style_vectors(styler, photo, painting, psnr):
    def distance(x):
        return float(np.abs(x.astype(int) - photo).mean())

    full, half, little = (styler.stylize(photo, painting, s) for s in (1.0, 0.5, 0.1))
    assert distance(little) < distance(half) < distance(full)
    # strength 0 is the photo itself: the pipeline runs no network
    assert psnr(pipeline.render(None, photo, painting, strength=0.0), photo) == float("inf")


def test_colours_can_be_kept_with_an_own_painting_too(arbitrary_dir, photo, painting):
    from models import adjust

    out = pipeline.render(None, photo, painting, preserve_colors=True, arbitrary_dir=arbitrary_dir)
    shift = np.abs(adjust.rgb_to_lab(out)[..., 1:].mean(axis=(0, 1))
                   - adjust.rgb_to_lab(photo)[..., 1:].mean(axis=(0, 1)))
    assert shift.max() <= 1.5
