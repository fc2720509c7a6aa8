"""Web nodes never import TensorFlow: they stay small and start fast."""
import subprocess
import sys

from app import config


def test_serving_pages_never_imports_tensorflow():
    code = ("import sys, wsgi\n"
            "c = wsgi.app.test_client()\n"
            "for p in ('/', '/styles', '/signup', '/login'): assert c.get(p).status_code == 200, p\n"
            "print('tensorflow' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=config.ROOT, env={"PATH": "/usr/bin:/bin", "BROKER_DIR": "/tmp/sta-light"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
