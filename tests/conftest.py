"""Fixtures every test folder shares: where the repository and ../shared are."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def chicago_jpg() -> bytes:
    return (SHARED / "samples" / "chicago.jpg").read_bytes()
