"""The loss network of masterpiece mode (models.loss_network): read, folded and classifying right."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.engine.conftest import find_loss_network_dir

pytestmark = pytest.mark.engine_only

BUILDINGS = {"obelisk", "mosque", "beacon", "castle", "church", "palace", "monastery", "dome",
             "bell cote", "planetarium", "stupa", "tile roof", "cinema", "library", "triumphal arch"}


@pytest.fixture(scope="module")
def network_dir() -> Path:
    found = find_loss_network_dir()
    if found is None:
        pytest.skip("no loss network: run scripts/install_assets.py or set LOSS_NETWORK_DIR")
    return found


@pytest.fixture(scope="module")
def network(network_dir):
    from models.loss_network import LossNetwork

    return LossNetwork(network_dir)


def test_the_chicago_skyline_is_classified_as_buildings(network, samples_dir):
    from models.images import decode

    top = network.classify(decode((samples_dir / "chicago.jpg").read_bytes()).rgb)
    labels, probs = [label for label, _ in top], [p for _, p in top]
    assert len(BUILDINGS.intersection(labels)) >= 2, top
    assert probs[0] > 0.2  # 200 times the uniform 1/1000
    assert probs == sorted(probs, reverse=True)


def test_the_probabilities_sum_to_one(network, photo):
    import tensorflow as tf

    probs = network.probabilities(tf.constant(photo(64, 96)[None], tf.float32) / 255.0).numpy()
    assert probs.shape == (1, 1000)
    assert abs(probs.sum() - 1.0) < 1e-4


def test_features_are_named_after_the_leaky_relu_at_the_readme_resolutions(network, photo):
    import tensorflow as tf

    features = network.features(tf.constant(photo(64, 96)[None], tf.float32) / 255.0,
                                ("conv2d_1", "conv2d_10", "conv2d_12"))
    assert features["conv2d_1"].shape == (1, 64, 96, 16)
    assert features["conv2d_10"].shape == (1, 8, 12, 256)
    assert features["conv2d_12"].shape == (1, 4, 6, 512)
    assert float(tf.reduce_min(features["conv2d_10"])) < 0  # leaky: small negatives pass
    assert network.layer_names[0] == "conv2d_1" and "conv2d_13" in network.layer_names


def test_an_unknown_layer_is_refused_by_name(network, photo):
    with pytest.raises(ValueError, match="conv2d_99"):
        network.features(np.zeros((1, 16, 16, 3), np.float32), ("conv2d_99",))


def test_a_missing_shard_is_named(network_dir, tmp_path):
    from models.loss_network import LossNetwork, LossNetworkError

    copy = tmp_path / "net"
    shutil.copytree(network_dir, copy)
    (copy / "group7-shard1of1").unlink()
    with pytest.raises(LossNetworkError, match="group7-shard1of1"):
        LossNetwork(copy)


def test_a_short_shard_is_named_with_its_sizes(network_dir, tmp_path):
    from models.loss_network import LossNetwork, LossNetworkError

    copy = tmp_path / "net"
    shutil.copytree(network_dir, copy)
    shard = copy / "group16-shard1of1"
    shard.write_bytes(shard.read_bytes()[:-4])
    manifest = json.loads((copy / "model.json").read_text())["weightsManifest"]
    assert manifest[15]["paths"] == ["group16-shard1of1"]
    with pytest.raises(LossNetworkError, match=r"group16-shard1of1 is 1724 bytes, expected 1728"):
        LossNetwork(copy)
