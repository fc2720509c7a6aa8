"""Install what set-up needs from ../shared (or the folders the operator names)
into ignored paths, checking every file. Idempotent: safe to run again.

  PRETRAINED_SOURCE  where the six checkpoints come from (default ../shared/pretrained)
  STYLES_SOURCE      where the six paintings come from   (default ../shared/styles)
  ARBITRARY_SOURCE   where the two arbitrary-style models come from (default ../shared/arbitrary)
  LOSS_NETWORK_SOURCE  where the loss network for "masterpiece" mode comes from
                       (default ../shared/loss-network/darknet-tiny); the six full-size paintings
                       it needs come from STYLES_SOURCE
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
THUMB = (480, 360)


class SetupError(Exception):
    pass


def slugs() -> list[str]:
    return [s["slug"] for s in json.loads((ROOT / "pretrained/catalogue.json").read_text())]


def check_checkpoint(folder: Path) -> None:
    """Every file named by the manifest is there with exactly the right size."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise SetupError(f"missing {manifest_path}")
    manifest = json.loads(manifest_path.read_text())
    if len(manifest) != 48:
        raise SetupError(f"{manifest_path} lists {len(manifest)} variables, expected 48")
    for name, entry in manifest.items():
        path = folder / entry["filename"]
        expected = math.prod(entry["shape"]) * 4
        if not path.is_file():
            raise SetupError(f"missing {path}")
        if path.stat().st_size != expected:
            raise SetupError(f"{path} is {path.stat().st_size} bytes, expected {expected}")


def install_checkpoints(source: Path, target: Path) -> None:
    for slug in slugs():
        dest = target / slug
        try:
            check_checkpoint(dest)
            continue  # already installed and whole
        except SetupError:
            pass
        check_checkpoint(source / slug)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(source / slug, dest)
        for f in dest.iterdir():
            f.chmod(0o644)
        check_checkpoint(dest)
        print(f"installed checkpoint {slug}")


def install_thumbnails(source: Path, target: Path) -> None:
    from PIL import Image, ImageOps

    target.mkdir(parents=True, exist_ok=True)
    for slug in slugs():
        src, dest = source / f"{slug}.jpg", target / f"{slug}.jpg"
        if dest.is_file() and dest.stat().st_mtime >= src.stat().st_mtime:
            continue
        if not src.is_file():
            raise SetupError(f"missing painting {src}")
        with Image.open(src) as im:
            thumb = ImageOps.fit(im.convert("RGB"), THUMB, Image.Resampling.LANCZOS)
            thumb.save(dest, "JPEG", quality=85, optimize=True, progressive=True)
        print(f"made thumbnail {dest.relative_to(ROOT)}")


# The arbitrary style models (../shared/arbitrary/README.md), pinned by their full sha256;
# models/arbitrary.py checks the same digests when it loads them.
ARBITRARY_SHA256 = {
    "style_predict_quantized_256.tflite":
        "af6ad4b2e7aeba0675f32636082ab915ced5375229a3f8aff7e714c6213f5ed2",
    "style_transfer_quantized_dynamic.tflite":
        "69b191c1f1f3f6520634293803a528469015a00269f982ebd38b7850f68d9341",
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install_arbitrary(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, digest in ARBITRARY_SHA256.items():
        dest = target / name
        if dest.is_file() and _sha256(dest) == digest:
            continue
        src = source / name
        if not src.is_file():
            raise SetupError(f"missing {src}")
        if _sha256(src) != digest:
            raise SetupError(f"{src} does not have the pinned sha256 {digest[:8]}…{digest[-5:]}")
        shutil.copyfile(src, dest)
        dest.chmod(0o644)
        print(f"installed arbitrary style model {name}")


def check_loss_network(folder: Path) -> None:
    """model.json, labels.txt and every shard in its weightsManifest, each of the right byte size."""
    model_path = folder / "model.json"
    for path in (model_path, folder / "labels.txt"):
        if not path.is_file():
            raise SetupError(f"missing {path}")
    try:
        manifest = json.loads(model_path.read_text())["weightsManifest"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SetupError(f"{model_path} has no weightsManifest ({exc})") from exc
    for group in manifest:
        paths = [folder / name for name in group["paths"]]
        for path in paths:
            if not path.is_file():
                raise SetupError(f"missing {path}")
        expected = sum(math.prod(w["shape"]) * 4 for w in group["weights"])
        actual = sum(path.stat().st_size for path in paths)
        if actual != expected:
            raise SetupError(f"{', '.join(map(str, paths))} is {actual} bytes, expected {expected}")


def install_loss_network(source: Path, target: Path) -> None:
    try:
        check_loss_network(target)
        return  # already installed and whole
    except SetupError:
        pass
    check_loss_network(source)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    for f in target.iterdir():
        f.chmod(0o644)
    check_loss_network(target)
    print(f"installed loss network {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def install_paintings(source: Path, target: Path) -> None:
    """The six full-size paintings, for masterpiece mode (static/styles holds thumbnails only)."""
    target.mkdir(parents=True, exist_ok=True)
    for slug in slugs():
        src, dest = source / f"{slug}.jpg", target / f"{slug}.jpg"
        if not src.is_file():
            raise SetupError(f"missing painting {src}")
        if dest.is_file() and dest.stat().st_size == src.stat().st_size:
            continue
        shutil.copyfile(src, dest)
        dest.chmod(0o644)
        print(f"installed painting {slug}")


def main() -> int:
    try:
        install_checkpoints(Path(os.environ.get("PRETRAINED_SOURCE", SHARED / "pretrained")),
                            Path(os.environ.get("PRETRAINED_DIR", ROOT / "pretrained")))
        install_thumbnails(Path(os.environ.get("STYLES_SOURCE", SHARED / "styles")),
                           ROOT / "static/styles")
        install_arbitrary(Path(os.environ.get("ARBITRARY_SOURCE", SHARED / "arbitrary")),
                          Path(os.environ.get("ARBITRARY_DIR", ROOT / "models/assets/arbitrary")))
        install_loss_network(Path(os.environ.get("LOSS_NETWORK_SOURCE", SHARED / "loss-network/darknet-tiny")),
                             Path(os.environ.get("LOSS_NETWORK_DIR", ROOT / "models/assets/loss-network")))
        install_paintings(Path(os.environ.get("STYLES_SOURCE", SHARED / "styles")),
                          Path(os.environ.get("PAINTINGS_DIR", ROOT / "models/assets/paintings")))
    except SetupError as exc:
        print(f"set-up failed: {exc}. Put the shared folder beside the checkout or set "
              "PRETRAINED_SOURCE / STYLES_SOURCE / ARBITRARY_SOURCE / LOSS_NETWORK_SOURCE (see README).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
