"""Any size in, the same size out; exact=True is the bare network, cropped as published."""
import numpy as np
import pytest

from models import canvas
from models.checkpoint import load_checkpoint
from models.images import ImageTooLarge

pytestmark = pytest.mark.engine_only


def bare_network(rgb: np.ndarray, tensors) -> np.ndarray:
    """The original network, op for op, on the bare photo (no canvas, no masks),
    cropped the way the README lines it up with the photo."""
    import tensorflow as tf

    def norm(x, shift, scale):
        mean, var = tf.nn.moments(x, [1, 2], keepdims=True)
        return scale * (x - mean) / tf.sqrt(var + 1e-3) + shift

    def up(x, w):
        n, h, wd, _ = x.shape
        return tf.nn.conv2d_transpose(x, w, [n, 2 * h, 2 * wd, w.shape[2]], 2, "SAME")

    t = [tf.constant(v) for v in tensors]
    x = tf.constant(rgb[None].astype(np.float32))
    for i, stride in ((0, 1), (3, 2), (6, 2)):
        x = tf.nn.relu(norm(tf.nn.conv2d(x, t[i], stride, "SAME"), t[i + 1], t[i + 2]))
    for i in range(9, 39, 6):
        h = tf.nn.relu(norm(tf.nn.conv2d(x, t[i], 1, "SAME"), t[i + 1], t[i + 2]))
        x = x + norm(tf.nn.conv2d(h, t[i + 3], 1, "SAME"), t[i + 4], t[i + 5])
    for i in (39, 42):
        x = tf.nn.relu(norm(up(x, t[i]), t[i + 1], t[i + 2]))
    x = norm(tf.nn.conv2d(x, t[45], 1, "SAME"), t[46], t[47])
    y = np.clip(np.tanh(x.numpy()[0]) * 150 + 127.5, 0, 255)
    oh, ow = canvas.offset(rgb.shape[0]), canvas.offset(rgb.shape[1])
    return np.rint(y[oh:oh + rgb.shape[0], ow:ow + rgb.shape[1]])


@pytest.mark.parametrize("height,width", [(1, 1), (1, 2), (2, 1), (3, 5), (5, 3), (2, 2)])
def test_output_has_the_input_size_for_tiny_shapes(engine, photo, height, width):
    assert engine.stylize(photo(height, width), "wave").shape == (height, width, 3)


@pytest.mark.parametrize("height,width", [(7, 9), (33, 17), (101, 63), (127, 255)])
def test_output_has_the_input_size_for_odd_shapes(engine, photo, height, width):
    assert engine.stylize(photo(height, width), "udnie").shape == (height, width, 3)


@pytest.mark.parametrize("height,width", [(1, 700), (700, 1), (3, 1001)])
def test_output_has_the_input_size_for_extreme_aspect_ratios(engine, photo, height, width):
    result = engine.stylize(photo(height, width), "the_scream")
    assert result.shape == (height, width, 3) and result.dtype == np.uint8


@pytest.fixture(scope="module")
def float32_engine(pretrained_dir):
    from models.engine import Engine

    return Engine(pretrained_dir, precision="float32", slugs=["udnie"])


@pytest.mark.parametrize("height,width", [(37, 23), (23, 37), (64, 64), (30, 71)])
def test_exact_painting_is_the_bare_networks_result(float32_engine, pretrained_dir, photo, height, width):
    picture = photo(height, width, seed=height)
    expected = bare_network(picture, load_checkpoint(pretrained_dir / "udnie"))
    assert np.abs(float32_engine.stylize(picture, "udnie", exact=True).astype(np.float64) - expected).max() <= 1


def test_photos_of_any_size_and_style_share_one_traced_graph(engine, photo):
    engine.stylize(photo(100, 130), "wave")
    before = engine.traced_graphs
    engine.stylize(photo(97, 150), "udnie")
    engine.stylize(photo(150, 97), "la_muse", exact=True)
    engine.stylize_batch([photo(61, 83, seed=s) for s in range(3)], "wave")  # frames of a video
    assert engine.traced_graphs == before


def test_a_batch_gives_the_same_pictures_as_one_by_one(engine, photo):
    pictures = [photo(40, 50, seed=1), photo(44, 52, seed=2), photo(50, 40, seed=3)]
    for batched, picture in zip(engine.stylize_batch(pictures, "wave"), pictures):
        assert np.abs(batched.astype(int) - engine.stylize(picture, "wave")).max() <= 1


@pytest.mark.parametrize("batch", [1, 3])
def test_frames_of_one_size_keep_each_frames_own_norms(engine, photo, monkeypatch, batch):
    monkeypatch.setattr(engine, "batch", batch)  # 3: as on a GPU, one batch
    frames = [photo(48, 64, seed=s) for s in range(3)]
    frames[1] = frames[1] // 3  # a dark frame: its statistics differ from the others'
    for batched, frame in zip(engine.stylize_batch(frames, "wave"), frames):
        assert np.abs(batched.astype(int) - engine.stylize(frame, "wave")).max() <= 2


def test_an_unknown_style_is_refused(engine, photo):
    from models.engine import UnknownStyle

    with pytest.raises(UnknownStyle, match="nope"):
        engine.stylize(photo(8, 8), "nope")


def test_a_photo_over_the_pixel_ceiling_is_refused(engine, photo, monkeypatch):
    monkeypatch.setattr(engine, "max_pixels", 100)
    with pytest.raises(ImageTooLarge, match="megapixels"):
        engine.stylize(photo(11, 10), "wave")


def test_the_default_pixel_ceiling_is_50_megapixels(engine):
    assert engine.max_pixels == 50_000_000


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 3), np.float32),
                                 np.zeros((4, 4, 4), np.uint8), np.zeros((0, 4, 3), np.uint8)])
def test_stylize_refuses_what_is_not_an_rgb_picture(engine, bad):
    with pytest.raises(ValueError):
        engine.stylize(bad, "wave")
