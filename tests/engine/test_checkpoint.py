"""Broken checkpoints are refused with the offending file named."""
import json
import re
import shutil

import numpy as np
import pytest

from models.checkpoint import ARCHITECTURE, CheckpointError, load_checkpoint

pytestmark = pytest.mark.engine_only


@pytest.fixture
def copy(pretrained_dir, tmp_path):
    """A fresh copy of one style's folder to break."""
    target = tmp_path / "wave"
    shutil.copytree(pretrained_dir / "wave", target)
    return target


def test_a_good_checkpoint_loads_48_tensors_of_the_right_shapes(copy):
    tensors = load_checkpoint(copy)
    assert [t.shape for t in tensors] == list(ARCHITECTURE)
    assert all(t.dtype == np.float32 for t in tensors)


def test_a_missing_tensor_file_is_named(copy):
    (copy / "Variable_7").unlink()
    with pytest.raises(CheckpointError, match=re.escape(str(copy / "Variable_7"))):
        load_checkpoint(copy)


def test_a_tensor_file_of_the_wrong_size_is_named(copy):
    path = copy / "Variable_3"
    path.write_bytes(path.read_bytes()[:-4])
    with pytest.raises(CheckpointError, match=re.escape(str(path)) + ".*bytes"):
        load_checkpoint(copy)


def test_a_shape_the_network_cannot_use_is_named(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["Variable"]["shape"] = [9, 9, 3, 16]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CheckpointError, match=re.escape(f"{copy / 'Variable'}: shape")):
        load_checkpoint(copy)


def test_nan_values_are_named(copy):
    path = copy / "Variable_10"
    values = np.fromfile(path, dtype="<f4")
    values[5] = np.nan
    values.astype("<f4").tofile(path)
    with pytest.raises(CheckpointError, match=re.escape(str(path)) + ".*NaN"):
        load_checkpoint(copy)


def test_a_missing_manifest_is_named(copy):
    (copy / "manifest.json").unlink()
    with pytest.raises(CheckpointError, match=re.escape(str(copy / "manifest.json"))):
        load_checkpoint(copy)


def test_a_manifest_missing_a_variable_is_named(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    del manifest["Variable_47"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CheckpointError, match=re.escape(str(copy / "manifest.json"))):
        load_checkpoint(copy)


def test_a_file_name_leaving_the_folder_is_refused(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["Variable_2"]["filename"] = "../elsewhere"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CheckpointError, match="inside"):
        load_checkpoint(copy)


def test_an_engine_refuses_a_broken_checkpoint(copy):
    from models.engine import Engine

    (copy / "Variable_20").write_bytes(b"")
    with pytest.raises(CheckpointError, match=re.escape(str(copy / "Variable_20"))):
        Engine(copy.parent, slugs=["wave"])
