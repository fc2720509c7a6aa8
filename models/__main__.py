"""`python -m models ...`: see models.cli. A person sees only our own lines.

TensorFlow's C++ side writes straight to the process's stderr, some of it before any
setting is read: "All log messages before absl::InitializeLog()", "oneDNN custom
operations are on", the CPU feature notice, a grappler "remapper failed" and, with
float16 on a CPU without AVX512-FP16, "E0000 ... oneDNN supports DT_HALF only on
platforms with AVX-512" (tensorflow/core/util/util.cc; harmless: Eigen paints instead).
TF_CPP_MIN_LOG_LEVEL=2 drops the INFO and WARNING lines it does filter; stderr is then
passed through a filter that drops the rest of this noise and keeps every other line:
our own messages and tracebacks, and TensorFlow's real errors. Set TF_CPP_MIN_LOG_LEVEL
yourself (0 shows everything) to see TensorFlow's own lines again.
"""
import atexit
import os
import re
import sys
import threading

NOISE = re.compile(rb"^(WARNING: All log messages before absl::InitializeLog\(\)|"
                   rb"[IW]\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] |"
                   rb"E\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] (oneDNN supports DT_HALF|remapper failed)|"
                   rb"To enable the following instructions: .* rebuild TensorFlow)")


def _filter_stderr() -> None:
    """Route file descriptor 2 through a thread that drops TensorFlow's noise."""
    real = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def pump():
        with os.fdopen(read_end, "rb") as lines:
            for line in lines:
                if not NOISE.match(line):
                    os.write(real, line)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()

    def restore():
        sys.stderr.flush()
        os.dup2(real, 2)  # closes the pipe's last writer: the pump reads to the end and stops
        thread.join(timeout=2)

    atexit.register(restore)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if os.environ["TF_CPP_MIN_LOG_LEVEL"] != "0":
        _filter_stderr()
    from models.cli import main

    sys.exit(main())
