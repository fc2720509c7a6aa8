"""Masterpiece mode (models.optimise, `python -m models paint`): the optimisation obeys its settings."""
import numpy as np
import pytest
from PIL import Image

from tests.engine.cli import last_line, run, write_photo
from tests.engine.conftest import SHARED, find_loss_network_dir

pytestmark = pytest.mark.engine_only


@pytest.fixture(scope="module")
def network():
    found = find_loss_network_dir()
    if found is None:
        pytest.skip("no loss network: run scripts/install_assets.py or set LOSS_NETWORK_DIR")
    from models.loss_network import LossNetwork

    return LossNetwork(found)


@pytest.fixture(scope="module")
def painting() -> np.ndarray:
    path = SHARED / "styles" / "the_scream.jpg"
    if not path.is_file():
        pytest.skip(f"no painting at {path}: set SHARED_DIR")
    with Image.open(path) as im:
        im.thumbnail((128, 128))
        return np.asarray(im.convert("RGB"))


@pytest.fixture(scope="module")
def small_photo() -> np.ndarray:
    path = SHARED / "samples" / "chicago.jpg"
    if not path.is_file():
        pytest.skip(f"no sample photo at {path}: set SHARED_DIR")
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB").resize((64, 64), Image.Resampling.LANCZOS))


def painter(photo, painting, network, **settings):
    from models.optimise import Painter, PaintSettings

    return Painter(photo, painting, PaintSettings(size=64, **settings), network)


def test_the_style_loss_halves_within_100_iterations(small_photo, painting, network, psnr):
    job = painter(small_photo, painting, network, iterations=100, report_every=5)
    before = job.losses(small_photo)["style"]
    result = job.run(lambda i, total, picture: job.losses(picture)["style"] < 0.5 * before)
    assert result.stopped and result.iterations <= 100  # stopped as soon as it had halved
    assert result.losses["style"] < 0.5 * before
    assert result.image.shape == small_photo.shape and result.image.dtype == np.uint8
    assert psnr(result.image, small_photo) < 34  # another picture (no style weight keeps > 35)


def test_with_no_style_weight_the_photo_stays_as_it_was(small_photo, painting, network, psnr):
    result = painter(small_photo, painting, network, iterations=20, style_weight=0.0).run()
    assert psnr(result.image, small_photo) > 35


def test_the_callback_sees_every_kth_iteration_up_to_the_total(small_photo, painting, network):
    seen = []
    result = painter(small_photo, painting, network, iterations=7, report_every=3).run(
        lambda i, total, picture: seen.append((i, total, picture.shape, picture.dtype)))
    assert [s[:2] for s in seen] == [(3, 7), (6, 7), (7, 7)]
    assert all(shape == (64, 64, 3) and dtype == np.uint8 for *_, shape, dtype in seen)
    assert result.iterations == 7 and not result.stopped


def test_a_callback_returning_true_stops_and_keeps_the_current_picture(small_photo, painting, network):
    previews = []

    def stop_at_four(i, total, picture):
        previews.append(picture)
        return i == 4

    result = painter(small_photo, painting, network, iterations=50, report_every=2).run(stop_at_four)
    assert result.stopped and result.iterations == 4 and len(previews) == 2
    assert np.array_equal(result.image, previews[-1])
    assert not np.array_equal(result.image, small_photo)


def test_noise_starts_from_noise_and_large_photos_are_scaled_down(small_photo, painting, network):
    job = painter(np.repeat(np.repeat(small_photo, 2, 0), 3, 1), painting, network, init="noise")
    assert job.shape == (43, 64, 3)
    assert np.abs(job.start() - job.photo).mean() > 40


@pytest.mark.parametrize("bad", [dict(size=2000), dict(iterations=0), dict(init="grey"),
                                 dict(style_weight=-1.0), dict(style_layers=())])
def test_bad_settings_are_refused(bad):
    from models.optimise import PaintSettings

    with pytest.raises(ValueError):
        PaintSettings(**bad)


def test_paint_writes_a_picture_of_the_input_size(tmp_path):
    source = write_photo(tmp_path / "in.png", size=(48, 32))
    result = run("paint", "--style", SHARED / "styles" / "wave.jpg", source, tmp_path / "out.jpg",
                 "--size", 64, "--iterations", 5)
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / "out.jpg").size == (48, 32)


def test_paint_answers_a_bad_input_with_one_line(tmp_path):
    bad = tmp_path / "notes.jpg"
    bad.write_text("this is not a picture")
    result = run("paint", "--style", "the_scream", bad, tmp_path / "out.jpg", "--iterations", 5)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr).startswith("error: ") and "notes.jpg" in last_line(result.stderr)
