"""Fixtures for the engine's tests: one Engine per session, the sample photos."""
import os
from pathlib import Path

import numpy as np
import pytest

from models.catalogue import slugs

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))


def find_pretrained_dir() -> Path | None:
    """PRETRAINED_DIR, else the app's installed copy, else the shared originals."""
    for candidate in (os.environ.get("PRETRAINED_DIR"), REPO / "pretrained", SHARED / "pretrained"):
        if candidate and all((Path(candidate) / slug / "manifest.json").is_file() for slug in slugs()):
            return Path(candidate)
    return None


def find_loss_network_dir() -> Path | None:
    """LOSS_NETWORK_DIR, else the installed copy, else the shared original."""
    for candidate in (os.environ.get("LOSS_NETWORK_DIR"), REPO / "models/assets/loss-network",
                      SHARED / "loss-network/darknet-tiny"):
        if candidate and (Path(candidate) / "model.json").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def pretrained_dir() -> Path:
    found = find_pretrained_dir()
    if found is None:
        pytest.skip("no pretrained weights: run `make setup` or set PRETRAINED_DIR")
    return found


@pytest.fixture(scope="session")
def engine(pretrained_dir):
    from models.engine import Engine

    return Engine(pretrained_dir)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    path = SHARED / "samples"
    if not (path / "chicago.jpg").is_file():
        pytest.skip(f"sample photos not found in {path}: set SHARED_DIR")
    return path


@pytest.fixture(scope="session")
def psnr():
    def measure(a: np.ndarray, b: np.ndarray) -> float:
        mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
        return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)
    return measure


@pytest.fixture
def photo():
    """A deterministic uint8 test picture of any size: smooth shapes plus some noise."""
    def make(height: int, width: int, seed: int = 0) -> np.ndarray:
        rng = np.random.default_rng(seed)
        y, x = np.mgrid[0:height, 0:width].astype(np.float64)
        base = np.stack([127 + 100 * np.sin(x / 23.0 + c) * np.cos(y / 31.0 - c) for c in range(3)], -1)
        return np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    return make
