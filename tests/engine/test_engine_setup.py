"""Building engines: precision, the process-wide engine, warm-up."""
import threading

import numpy as np
import pytest

from models.engine import Engine, UnknownStyle, get_engine
from models.hardware import cpu_flags, default_precision

pytestmark = pytest.mark.engine_only


def test_an_unknown_precision_is_refused(pretrained_dir):
    with pytest.raises(ValueError, match="precision"):
        Engine(pretrained_dir, precision="float8")


def test_the_precision_can_come_from_the_environment(pretrained_dir, monkeypatch):
    monkeypatch.setenv("ENGINE_PRECISION", "bfloat16")
    engine = Engine(pretrained_dir, slugs=["wave"])
    assert engine.precision == "bfloat16"
    assert engine.stylize(np.full((9, 14, 3), 90, np.uint8), "wave").shape == (9, 14, 3)


def test_the_default_precision_follows_the_hardware(engine):
    import tensorflow as tf

    gpu = bool(tf.config.list_physical_devices("GPU"))
    native_bf16 = bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})
    assert engine.precision == ("float16" if gpu else "bfloat16" if native_bf16 else "float32")


@pytest.mark.parametrize("gpu,flags,expected", [
    (True, {"avx512_bf16"}, "float16"), (False, {"avx2", "avx512f", "avx512_bf16"}, "bfloat16"),
    (False, {"avx2", "amx_tile", "amx_bf16"}, "bfloat16"), (False, {"avx2", "avx512f"}, "float32"),
    (False, set(), "float32")])
def test_bfloat16_is_chosen_only_where_the_cpu_computes_it(gpu, flags, expected):
    assert default_precision(gpu, flags) == expected


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


def test_warm_up_traces_the_one_graph_every_size_then_uses(pretrained_dir):
    engine = Engine(pretrained_dir, slugs=["wave"])
    assert engine.traced_graphs == 0
    engine.warm_up(sizes=((300, 20),))
    assert engine.traced_graphs == 1
    engine.stylize(np.zeros((41, 77, 3), np.uint8), "wave")
    assert engine.traced_graphs == 1
