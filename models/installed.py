"""Where set-up (scripts/install_assets.py) installs what the engine reads besides the
checkpoints: the catalogue's full-size paintings and the loss network.

The engine never reads the environment for these. The defaults are the installed
copies under models/assets/; the app moves them with `use()` from its one config
module (PAINTINGS_DIR, LOSS_NETWORK_DIR in app/config.py), once, in its factory.
"""
from __future__ import annotations

import os
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
_folders = {"paintings": ASSETS / "paintings", "loss_network": ASSETS / "loss-network"}


class NoPainting(FileNotFoundError):
    """A catalogue slug whose painting is not installed."""


def use(*, paintings: str | os.PathLike | None = None,
        loss_network: str | os.PathLike | None = None) -> None:
    """Read the paintings and the loss network from these folders from now on."""
    if paintings is not None:
        _folders["paintings"] = Path(paintings)
    if loss_network is not None:
        _folders["loss_network"] = Path(loss_network)


def loss_network_dir() -> Path:
    return _folders["loss_network"]


def painting_file(name: str | os.PathLike) -> Path:
    """A catalogue slug's installed painting, or any image path as it is given."""
    text = os.fspath(name)
    if os.sep in text or "." in text:
        return Path(text)
    path = _folders["paintings"] / f"{text}.jpg"
    if not path.is_file():
        raise NoPainting(f"no painting for style {text!r} at {path}; run scripts/install_assets.py "
                         "or give the path of an image")
    return path
