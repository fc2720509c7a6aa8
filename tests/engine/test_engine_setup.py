"""Building engines: precision, the process-wide engine, warm-up."""
import threading

import numpy as np
import pytest

from models.engine import Engine, UnknownStyle, get_engine

pytestmark = pytest.mark.engine_only


def test_an_unknown_precision_is_refused(pretrained_dir):
    with pytest.raises(ValueError, match="precision"):
        Engine(pretrained_dir, precision="float8")


def test_the_precision_can_come_from_the_environment(pretrained_dir, monkeypatch):
    monkeypatch.setenv("ENGINE_PRECISION", "bfloat16")
    engine = Engine(pretrained_dir, slugs=["wave"])
    assert engine.precision == "bfloat16"
    assert engine.stylize(np.full((9, 14, 3), 90, np.uint8), "wave").shape == (9, 14, 3)


def test_float32_is_the_default_on_a_cpu(engine):
    assert engine.precision == "float32"


def test_an_engine_can_load_some_styles_only(pretrained_dir):
    engine = Engine(pretrained_dir, slugs=["udnie"])
    assert [s.slug for s in engine.styles] == ["udnie"]
    with pytest.raises(UnknownStyle):
        engine.stylize(np.zeros((4, 4, 3), np.uint8), "wave")


def test_an_engine_refuses_styles_outside_the_catalogue(pretrained_dir):
    with pytest.raises(UnknownStyle):
        Engine(pretrained_dir, slugs=["mona_lisa"])


def test_the_process_engine_is_built_once_across_threads(pretrained_dir):
    found = []
    threads = [threading.Thread(target=lambda: found.append(get_engine(pretrained_dir))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 4 and all(e is found[0] for e in found)


def test_warm_up_traces_the_buckets_it_is_given(engine):
    before = engine.traced_graphs
    engine.warm_up(sizes=((300, 20),))
    assert engine.traced_graphs == before + 1
