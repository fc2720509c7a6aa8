"""Mixes of paintings (models/mix.py, ArbitraryStyler.mix_vector): parsing with clear
messages, weights normalised, and mixes painted by the real arbitrary model."""
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models import images, pipeline
from models.mix import MixError, format_mix, parse_mix, percentages

REPO = Path(__file__).resolve().parents[2]


def test_a_mix_is_parsed_into_names_and_weights_that_sum_to_one():
    assert parse_mix("wave=0.6,the_scream=0.4") == [("wave", 0.6), ("the_scream", 0.4)]
    parts = parse_mix(" wave = 3 , udnie=1, la_muse=0 ")
    assert [name for name, _ in parts] == ["wave", "udnie", "la_muse"]
    assert [w for _, w in parts] == [0.75, 0.25, 0.0]


def test_weights_are_normalised_whatever_their_scale():
    assert parse_mix("wave=60,the_scream=40") == parse_mix("wave=0.6,the_scream=0.4")
    assert math.isclose(sum(w for _, w in parse_mix("a=1,b=1,c=1")), 1.0)


@pytest.mark.parametrize("text, message", [
    ("wave=1", "two or three"),
    ("", "two or three"),
    ("a=1,b=1,c=1,d=1", "two or three"),
    ("wave=-0.5,the_scream=1", "cannot be negative"),
    ("wave=lots,the_scream=1", "must be a number"),
    ("wave=nan,the_scream=1", "finite"),
    ("wave=inf,the_scream=1", "finite"),
    ("wave=0,the_scream=0", "cannot all be zero"),
    ("wave,the_scream=1", "NAME=WEIGHT"),
    ("=1,the_scream=1", "NAME=WEIGHT"),
    ("wave=1,wave=2", "twice"),
])
def test_a_bad_mix_is_refused_with_a_message_that_says_why(text, message):
    with pytest.raises(MixError, match=message):
        parse_mix(text)


def test_a_mix_written_back_reads_the_same_and_percentages_sum_to_100():
    parts = parse_mix("wave=2,the_scream=1")
    again = parse_mix(format_mix(parts))
    assert [n for n, _ in again] == ["wave", "the_scream"]
    assert [w for _, w in again] == pytest.approx([2 / 3, 1 / 3], abs=1e-4)
    assert percentages([1, 1, 1]) == [34, 33, 33]
    assert percentages([0.6, 0.4]) == [60, 40]


# The real arbitrary model.

@pytest.fixture(scope="module")
def styler():
    from models.arbitrary import DEFAULT_DIR, SHA256, ArbitraryStyler

    if not all((DEFAULT_DIR / name).is_file() for name in SHA256):
        pytest.skip("arbitrary style models not installed: run `make setup`")
    return ArbitraryStyler()


@pytest.fixture(scope="module")
def chicago(samples_dir):
    rgb = images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb
    return np.ascontiguousarray(images.thumbnail(rgb, 256))


def test_a_mix_of_100_percent_one_painting_is_that_painting_alone(styler, chicago):
    alone = pipeline.render(None, chicago, [("wave", 1.0), ("the_scream", 0.0)])
    wave = pipeline.render(None, chicago, _picture("wave"))  # the painting as one's own picture
    assert np.array_equal(alone, wave)


def _picture(slug: str) -> np.ndarray:
    from models.mix import painting_file

    return images.decode(painting_file(slug).read_bytes()).rgb


def test_a_half_and_half_mix_lies_between_the_two_paintings(styler, chicago):
    wave, scream = styler.painting_vector("wave"), styler.painting_vector("the_scream")
    half = styler.mix_vector([("wave", 0.5), ("the_scream", 0.5)])
    assert np.allclose(half, (wave + scream) / 2, atol=1e-6)
    assert not np.allclose(half, wave, atol=1e-3) and not np.allclose(half, scream, atol=1e-3)
    pictures = {name: pipeline.render(None, chicago, mix) for name, mix in {
        "wave": [("wave", 1), ("the_scream", 0)], "scream": [("wave", 0), ("the_scream", 1)],
        "half": [("wave", 1), ("the_scream", 1)]}.items()}
    distance = {k: float(np.abs(pictures["half"].astype(int) - pictures[k].astype(int)).mean())
                for k in ("wave", "scream")}
    between = float(np.abs(pictures["wave"].astype(int) - pictures["scream"].astype(int)).mean())
    assert all(2.0 < d < between for d in distance.values()), (distance, between)


def test_mix_weights_are_normalised_before_painting(styler, chicago):
    small = [("wave", 0.3), ("the_scream", 0.1)]
    assert np.allclose(styler.mix_vector(small), styler.mix_vector([("wave", 75), ("the_scream", 25)]),
                       atol=1e-6)


def test_an_own_picture_mixes_like_a_painting_file(styler, chicago):
    by_file = styler.mix_vector([("udnie", 1), ("wave", 1)])
    by_picture = styler.mix_vector([(_picture("udnie"), 1), ("wave", 1)])
    assert np.array_equal(by_file, by_picture)


def test_the_command_line_paints_a_mix_and_refuses_a_bad_one(samples_dir, tmp_path):
    command = [sys.executable, "-m", "models", "stylize"]
    done = subprocess.run([*command, "--mix", "wave=0.6,the_scream=0.4", str(samples_dir / "chicago.jpg"),
                           str(tmp_path / "out.png")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    painted = images.decode((tmp_path / "out.png").read_bytes()).rgb
    photo = images.decode((samples_dir / "chicago.jpg").read_bytes()).rgb
    assert painted.shape == photo.shape and not np.array_equal(painted, photo)
    bad = subprocess.run([*command, "--mix", "wave=1,the_scream=-1", str(samples_dir / "chicago.jpg"),
                          str(tmp_path / "bad.png")], cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.strip().splitlines()[-1] == \
        "error: The weight of 'the_scream' cannot be negative."
    assert not (tmp_path / "bad.png").exists()
