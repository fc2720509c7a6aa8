"""What this machine computes fast: the engine's default precision and thread settings."""
from __future__ import annotations

import os
from pathlib import Path

import tensorflow as tf

PRECISIONS = {"float32": tf.float32, "bfloat16": tf.bfloat16, "float16": tf.float16}
NATIVE_BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # CPU flags (Linux names) of bfloat16 arithmetic


def cpu_flags() -> set[str]:
    """The CPU's feature flags as Linux names them (empty where /proc/cpuinfo is not)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags") for flag in line.split(":")[1].split()}


def default_precision(gpu: bool, flags: set[str] | None = None) -> str:
    """float16 mixed on a GPU (TensorFlow's standard placement); bfloat16 on CPUs with
    native bfloat16 arithmetic (1.9x float32 on a 2-core EPYC with AVX512_BF16, PSNR vs
    the published pictures within 0.1 dB: bench/README.md); float32 on other CPUs
    (there bfloat16 is emulated: 1.9-2.7x slower on the Zen 3, AVX2)."""
    if gpu:
        return "float16"
    flags = cpu_flags() if flags is None else flags
    return "bfloat16" if any(flag in flags for flag in NATIVE_BF16_FLAGS) else "float32"


def configure_threads() -> None:
    """One intra-op thread per core we may run on; ops in this chain rarely overlap."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        tf.config.threading.set_intra_op_parallelism_threads(cores or 1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass  # TensorFlow already started in this process: keep its settings


def gpu_present() -> bool:
    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass
    return bool(gpus)
