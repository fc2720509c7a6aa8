"""`python -m models`: one line on stderr for any failure, never a traceback."""
import numpy as np
import pytest
from PIL import Image

from tests.engine.cli import last_line, run, write_photo

pytestmark = pytest.mark.engine_only


def test_styles_lists_the_catalogue():
    result = run("styles")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "la_muse", "rain_princess", "the_scream", "the_shipwreck_of_the_minotaur", "udnie", "wave"]


def test_one_photo_is_written_at_its_displayed_size(tmp_path, pretrained_dir):
    source = write_photo(tmp_path / "turned.jpg", size=(48, 32), orientation=6)
    result = run("stylize", "--style", "wave", source, tmp_path / "out.png", pretrained_dir=pretrained_dir)
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / "out.png").size == (32, 48)


def test_a_batch_carries_on_past_a_bad_file_and_exits_1(tmp_path, pretrained_dir):
    good = [write_photo(tmp_path / "a.png"), write_photo(tmp_path / "b.jpg")]
    bad = tmp_path / "notes.jpg"
    bad.write_text("this is not a picture")
    transparent = tmp_path / "c.png"
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[:5, :5, 3] = 0
    Image.fromarray(rgba).save(transparent)
    out = tmp_path / "out"
    result = run("stylize", "--style", "udnie", "--out-dir", out, "--format", "png",
                 good[0], bad, good[1], transparent, pretrained_dir=pretrained_dir)
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.png", "b.png", "c.png"]
    assert "notes.jpg" in last_line(result.stderr) and "Traceback" not in result.stderr
    assert Image.open(out / "c.png").mode == "RGBA"


def test_an_unknown_style_is_one_line_and_a_failure(tmp_path):
    result = run("stylize", "--style", "mona_lisa", write_photo(tmp_path / "a.png"), tmp_path / "o.jpg")
    assert result.returncode != 0
    assert "mona_lisa" in last_line(result.stderr) and "Traceback" not in result.stderr


def test_a_missing_input_is_one_line_and_a_failure(tmp_path, pretrained_dir):
    result = run("stylize", "--style", "wave", tmp_path / "nowhere.jpg", tmp_path / "o.jpg",
                 pretrained_dir=pretrained_dir)
    assert result.returncode == 1
    assert "nowhere.jpg" in last_line(result.stderr) and "Traceback" not in result.stderr


def test_an_output_name_without_a_known_extension_is_refused(tmp_path):
    result = run("stylize", "--style", "wave", write_photo(tmp_path / "a.png"), tmp_path / "o.bmp")
    assert result.returncode != 0 and ".png" in last_line(result.stderr)
